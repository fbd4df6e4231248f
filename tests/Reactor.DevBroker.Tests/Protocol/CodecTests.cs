using System.Text;
using Reactor.DevBroker.Protocol;
using Xunit;

namespace Reactor.DevBroker.Tests.Protocol;

public sealed class CodecTests
{
    [Fact]
    public void Crc32C_OfCheckString_IsCastagnoliCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(3071)]
    [InlineData(3072)]
    [InlineData(3073)]
    [InlineData(6151)]
    [InlineData(100_003)]
    public void Crc32C_OfLongInputs_MatchesTheBitwiseDefinition(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(BitwiseCrc32C(data), Crc32C.Compute(data));
    }

    [Fact]
    public void Crc32C_OfEmptyInput_IsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Theory]
    [InlineData(0u, new byte[] { 0x00 })]
    [InlineData(1u, new byte[] { 0x01 })]
    [InlineData(127u, new byte[] { 0x7F })]
    [InlineData(128u, new byte[] { 0x80, 0x01 })]
    [InlineData(300u, new byte[] { 0xAC, 0x02 })]
    [InlineData(uint.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void UnsignedVarint_RoundTrips_WithKnownEncoding(uint value, byte[] encoded)
    {
        using var writer = new ResponseWriter();
        writer.WriteUnsignedVarint(value);
        Assert.Equal(encoded, writer.WrittenSpan.ToArray());
        var reader = new KafkaReader(encoded.AsSpan());
        Assert.Equal(value, reader.ReadUnsignedVarint());
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(-1, new byte[] { 0x01 })]
    [InlineData(1, new byte[] { 0x02 })]
    [InlineData(-64, new byte[] { 0x7F })]
    [InlineData(64, new byte[] { 0x80, 0x01 })]
    [InlineData(int.MinValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void ZigZagVarint_RoundTrips_WithKnownEncoding(int value, byte[] encoded)
    {
        using var writer = new ResponseWriter();
        writer.WriteVarint(value);
        Assert.Equal(encoded, writer.WrittenSpan.ToArray());
        var reader = new KafkaReader(encoded.AsSpan());
        Assert.Equal(value, reader.ReadVarint());
    }

    [Fact]
    public void CompactString_DecodesLengthPlusOne_AndZeroAsNull()
    {
        byte[] bytes = [0x04, (byte)'a', (byte)'b', (byte)'c', 0x00, 0x01];
        var reader = new KafkaReader(bytes.AsSpan());
        Assert.Equal("abc", reader.ReadCompactNullableString());
        Assert.Null(reader.ReadCompactNullableString());
        Assert.Equal(string.Empty, reader.ReadCompactNullableString());
    }

    [Fact]
    public void Strings_RoundTrip_IncludingNull()
    {
        using var writer = new ResponseWriter();
        writer.WriteString("topic-é");
        writer.WriteNullableString(null);
        writer.WriteInt64(long.MinValue);
        var bytes = writer.WrittenSpan.ToArray();
        var reader = new KafkaReader(bytes.AsSpan());
        Assert.Equal("topic-é", reader.ReadString());
        Assert.Null(reader.ReadNullableString());
        Assert.Equal(long.MinValue, reader.ReadInt64());
    }

    [Fact]
    public void TaggedFields_AreSkipped()
    {
        byte[] bytes = [0x02, 0x00, 0x02, 0xAA, 0xBB, 0x05, 0x00, 0x7F];
        var reader = new KafkaReader(bytes.AsSpan());
        reader.SkipTaggedFields();
        Assert.Equal(1, reader.Remaining);
    }

    [Fact]
    public void Reader_OnTruncatedInput_ThrowsProtocolException()
    {
        var bytes = new byte[] { 0x00, 0x05, (byte)'a' };
        Assert.Throws<ProtocolException>(() => new KafkaReader(bytes.AsSpan()).ReadString());
        Assert.Throws<ProtocolException>(() => new KafkaReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }.AsSpan()).ReadUnsignedVarint());
        Assert.Throws<ProtocolException>(() => new KafkaReader(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }.AsSpan()).ReadArrayCount());
    }

    /// <summary>CRC-32C straight from its definition: reflected polynomial 0x82F63B78, one bit at a time.</summary>
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
