using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reactor.DevBroker.Protocol;

/// <summary>Computes CRC-32C (Castagnoli), the checksum of Kafka record batches.</summary>
/// <remarks>
/// Uses the CPU's CRC-32C instruction (through <see cref="BitOperations.Crc32C(uint, ulong)"/>). That instruction
/// can start every cycle but takes several to finish, so one dependent chain leaves most of its throughput unused:
/// long inputs are therefore split into three lanes of <see cref="LaneBytes"/> computed side by side, and the lane
/// checksums are joined with a precomputed "append <see cref="LaneBytes"/> zero bytes" operator (the raw CRC update
/// is linear: crc(a ‖ b) = shift(crc(a)) ⊕ crc₀(b), where crc₀ starts from zero).
/// </remarks>
internal static class Crc32C
{
    /// <summary>The bytes per lane in the three-lane loop.</summary>
    private const int LaneBytes = 1024;

    /// <summary>The operator that advances a raw CRC state over <see cref="LaneBytes"/> zero bytes, one 256-entry table per state byte.</summary>
    private static readonly uint[] ShiftTable = BuildShiftTable();

    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 3 * LaneBytes)
        {
            var a = crc;
            var b = 0u;
            var c = 0u;
            var laneA = data[..LaneBytes];
            var laneB = data.Slice(LaneBytes, LaneBytes);
            var laneC = data.Slice(2 * LaneBytes, LaneBytes);
            for (var i = 0; i < LaneBytes; i += 8)
            {
                a = BitOperations.Crc32C(a, BinaryPrimitives.ReadUInt64LittleEndian(laneA[i..]));
                b = BitOperations.Crc32C(b, BinaryPrimitives.ReadUInt64LittleEndian(laneB[i..]));
                c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(laneC[i..]));
            }

            crc = Shift(Shift(a) ^ b) ^ c;
            data = data[(3 * LaneBytes)..];
        }

        return Finish(crc, data) ^ 0xFFFFFFFFu;
    }

    /// <summary>Continues a raw CRC state over <paramref name="data"/>, one 8-byte step at a time.</summary>
    private static uint Finish(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    /// <summary>Advances a raw CRC state over <see cref="LaneBytes"/> zero bytes.</summary>
    private static uint Shift(uint crc)
    {
        var table = ShiftTable;
        return table[(int)(crc & 0xFF)]
            ^ table[256 + (int)((crc >> 8) & 0xFF)]
            ^ table[512 + (int)((crc >> 16) & 0xFF)]
            ^ table[768 + (int)(crc >> 24)];
    }

    private static uint[] BuildShiftTable()
    {
        // The operator is linear, so it is fixed by its effect on each of the 32 state bits.
        Span<byte> zeros = stackalloc byte[LaneBytes];
        zeros.Clear();
        Span<uint> ofBit = stackalloc uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            ofBit[bit] = Finish(1u << bit, zeros);
        }

        var table = new uint[4 * 256];
        for (var index = 0; index < 4; index++)
        {
            for (var value = 0; value < 256; value++)
            {
                var result = 0u;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((value & (1 << bit)) != 0)
                    {
                        result ^= ofBit[(index * 8) + bit];
                    }
                }

                table[(index * 256) + value] = result;
            }
        }

        return table;
    }
}
