using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Tests.Support;
using Xunit;

namespace Reactor.DevBroker.Tests.Protocol;

public sealed class RecordBatchTests
{
    [Fact]
    public void Validate_WellFormedBatch_IsAccepted()
    {
        Assert.Equal(KafkaErrorCode.None, RecordBatch.Validate(BatchBuilder.Build(5)));
    }

    [Fact]
    public void Validate_FlippedPayloadBit_IsCorruptMessage()
    {
        var batch = BatchBuilder.Build(3);
        batch[^1] ^= 0x01;
        Assert.Equal(KafkaErrorCode.CorruptMessage, RecordBatch.Validate(batch));
    }

    [Fact]
    public void Validate_WrongMagic_IsCorruptMessage()
    {
        var batch = BatchBuilder.Build(1);
        batch[16] = 1;
        Assert.Equal(KafkaErrorCode.CorruptMessage, RecordBatch.Validate(batch));
    }

    [Fact]
    public void Validate_LengthFieldDisagreeingWithSize_IsCorruptMessage()
    {
        var batch = BatchBuilder.Build(2);
        Assert.Equal(KafkaErrorCode.CorruptMessage, RecordBatch.Validate(batch.AsSpan(0, batch.Length - 1)));
    }

    [Fact]
    public void Validate_RecordCountBeyondRecords_IsCorruptMessageEvenWithValidCrc()
    {
        var batch = BatchBuilder.Build(2);
        batch[60] = 3;
        batch[26] = 2;
        BatchBuilder.Reseal(batch);
        Assert.Equal(KafkaErrorCode.CorruptMessage, RecordBatch.Validate(batch));
    }

    [Theory]
    [InlineData((short)0x10)]
    [InlineData((short)0x20)]
    public void Validate_TransactionalOrControlBatch_IsInvalidRecord(short attributes)
    {
        Assert.Equal(KafkaErrorCode.InvalidRecord, RecordBatch.Validate(BatchBuilder.Build(1, attributes: attributes)));
    }

    [Fact]
    public void AssignOffset_LeavesCrcValid()
    {
        var batch = BatchBuilder.Build(4);
        RecordBatch.AssignOffset(batch, 123_456, 0);
        Assert.Equal(123_456, RecordBatch.BaseOffset(batch));
        Assert.Equal(KafkaErrorCode.None, RecordBatch.Validate(batch));
    }
}
