using System.Buffers.Binary;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>Deterministic (seeded) mutations of valid request frames, plus random frames.</summary>
internal sealed class FrameMutator(int seed, IReadOnlyList<RequestSeed> seeds, int maxFrameBytes)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];
    private static readonly int[] InterestingInt32s = [-1, -2, 0, 1, int.MaxValue, int.MinValue, 0x7FFFFFF0, 1 << 20, 65_535, 1_000_000];
    private static readonly short[] InterestingInt16s = [-1, -2, 0, short.MaxValue, short.MinValue, 1000, 255];
    private static readonly short[] UnknownApiKeys = [-1, 4, 5, 6, 7, 17, 21, 23, 24, 26, 32, 36, 42, 50, 67, 71, 1000, short.MaxValue, short.MinValue];

    private readonly Random _random = new(seed);

    public FuzzCase Next()
    {
        var source = seeds[_random.Next(seeds.Count)];
        var frame = (byte[])source.Frame.Clone();
        var choice = _random.Next(source.BatchOffset >= 0 ? 15 : 12);
        return choice switch
        {
            0 => FlipBits(source, frame),
            1 => SetBytes(source, frame),
            2 => PutInt32(source, frame),
            3 => PutInt16(source, frame),
            4 => TruncateBody(source, frame),
            5 => TruncateSend(source, frame),
            6 => LieAboutSize(source, frame),
            7 => AppendGarbage(source, frame),
            8 => UnknownApi(source, frame),
            9 => OtherVersion(source, frame),
            10 => Splice(source, frame),
            11 => RandomFrame(),
            _ => CorruptBatch(source, frame),
        };
    }

    private FuzzCase FlipBits(RequestSeed source, byte[] frame)
    {
        var flips = 1 + _random.Next(8);
        for (var i = 0; i < flips; i++)
        {
            frame[4 + _random.Next(frame.Length - 4)] ^= (byte)(1 << _random.Next(8));
        }
        return new($"{source}: {flips} bit flips", frame);
    }

    private FuzzCase SetBytes(RequestSeed source, byte[] frame)
    {
        var count = 1 + _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            frame[4 + _random.Next(frame.Length - 4)] = _random.Next(2) == 0 ? InterestingBytes[_random.Next(InterestingBytes.Length)] : (byte)_random.Next(256);
        }
        return new($"{source}: {count} bytes set", frame);
    }

    private FuzzCase PutInt32(RequestSeed source, byte[] frame)
    {
        var at = 4 + _random.Next(frame.Length - 8);
        var value = InterestingInt32s[_random.Next(InterestingInt32s.Length)];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(at), value);
        return new($"{source}: int32 {value} at {at}", frame);
    }

    private FuzzCase PutInt16(RequestSeed source, byte[] frame)
    {
        var at = 4 + _random.Next(frame.Length - 6);
        var value = InterestingInt16s[_random.Next(InterestingInt16s.Length)];
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(at), value);
        return new($"{source}: int16 {value} at {at}", frame);
    }

    private FuzzCase TruncateBody(RequestSeed source, byte[] frame)
    {
        var keep = _random.Next(frame.Length - 4);
        var cut = frame.AsSpan(0, 4 + keep).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(cut, keep);
        return new($"{source}: truncated to {keep} bytes, size fixed", cut);
    }

    private FuzzCase TruncateSend(RequestSeed source, byte[] frame)
    {
        var keep = 1 + _random.Next(frame.Length - 1);
        return new($"{source}: only {keep} of {frame.Length} bytes sent, then closed", frame.AsSpan(0, keep).ToArray());
    }

    private FuzzCase LieAboutSize(RequestSeed source, byte[] frame)
    {
        var real = frame.Length - 4;
        int[] sizes = [real - 1 - _random.Next(Math.Max(1, real - 1)), real + 1 + _random.Next(64), 0, -1, int.MinValue, int.MaxValue, maxFrameBytes + 1, maxFrameBytes, 3, 7];
        var size = sizes[_random.Next(sizes.Length)];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        return new($"{source}: size prefix {size} for {real} bytes", frame);
    }

    private FuzzCase AppendGarbage(RequestSeed source, byte[] frame)
    {
        var extra = 1 + _random.Next(256);
        var longer = new byte[frame.Length + extra];
        frame.CopyTo(longer, 0);
        _random.NextBytes(longer.AsSpan(frame.Length));
        BinaryPrimitives.WriteInt32BigEndian(longer, longer.Length - 4);
        return new($"{source}: {extra} trailing garbage bytes", longer);
    }

    private FuzzCase UnknownApi(RequestSeed source, byte[] frame)
    {
        if (_random.Next(2) == 0)
        {
            var key = UnknownApiKeys[_random.Next(UnknownApiKeys.Length)];
            BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), key);
            return new($"{source}: api key {key}", frame);
        }
        short[] versions = [-1, 99, short.MaxValue, short.MinValue, 12, 16];
        var version = versions[_random.Next(versions.Length)];
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        return new($"{source}: api version {version}", frame);
    }

    private FuzzCase OtherVersion(RequestSeed source, byte[] frame)
    {
        var version = (short)_random.Next(0, 14);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        return new($"{source}: body sent as version {version}", frame);
    }

    private FuzzCase Splice(RequestSeed source, byte[] frame)
    {
        var other = seeds[_random.Next(seeds.Count)];
        var head = 4 + _random.Next(frame.Length - 4);
        var tailStart = 4 + _random.Next(other.Frame.Length - 4);
        var spliced = new byte[head + other.Frame.Length - tailStart];
        frame.AsSpan(0, head).CopyTo(spliced);
        other.Frame.AsSpan(tailStart).CopyTo(spliced.AsSpan(head));
        BinaryPrimitives.WriteInt32BigEndian(spliced, spliced.Length - 4);
        return new($"{source} spliced with {other} at {head}/{tailStart}", spliced);
    }

    private FuzzCase RandomFrame()
    {
        var length = _random.Next(0, 600);
        var frame = new byte[4 + length];
        _random.NextBytes(frame.AsSpan(4));
        BinaryPrimitives.WriteInt32BigEndian(frame, length);
        if (length >= 4 && _random.Next(2) == 0)
        {
            // A plausible header: a known key and version in front of random bytes.
            var known = seeds[_random.Next(seeds.Count)];
            BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), known.ApiKey);
            BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), known.ApiVersion);
            return new($"random body behind {known.Name}'s header", frame);
        }
        return new("random frame", frame);
    }

    private FuzzCase CorruptBatch(RequestSeed source, byte[] frame)
    {
        var batch = source.BatchOffset;
        var batchLength = frame.Length - batch;
        switch (_random.Next(9))
        {
            case 0:
                frame[batch + RecordBatchBuilder.CrcOffset + _random.Next(4)] ^= (byte)(1 + _random.Next(255));
                return new($"{source}: batch CRC corrupted", frame);
            case 1:
                frame[batch + RecordBatchBuilder.HeaderSize + _random.Next(batchLength - RecordBatchBuilder.HeaderSize)] ^= 0x55;
                return new($"{source}: record bytes changed, CRC stale", frame);
            case 2:
            {
                var delta = _random.Next(2) == 0 ? -1 - _random.Next(20) : 1 + _random.Next(1000);
                var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(batch + 8)) + delta;
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(batch + 8), length);
                return new($"{source}: batchLength off by {delta}", frame);
            }
            case 3:
            {
                sbyte[] magics = [0, 1, 3, -1];
                var magic = magics[_random.Next(magics.Length)];
                frame[batch + 16] = (byte)magic;
                return new($"{source}: magic {magic}", frame);
            }
            default:
            {
                // Semantic corruptions with a valid CRC, as a buggy or hostile producer would send them.
                var copy = frame.AsSpan(batch).ToArray();
                var what = EditBatchHeader(copy);
                RecordBatchBuilder.FixCrc(copy);
                copy.CopyTo(frame, batch);
                return new($"{source}: {what} (CRC valid)", frame);
            }
        }
    }

    private string EditBatchHeader(byte[] batch)
    {
        var attributes = BinaryPrimitives.ReadInt16BigEndian(batch.AsSpan(RecordBatchBuilder.AttributesOffset));
        switch (_random.Next(6))
        {
            case 0:
                BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(RecordBatchBuilder.AttributesOffset), (short)(attributes | 0x20));
                return "control bit set";
            case 1:
                BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(RecordBatchBuilder.AttributesOffset), (short)(attributes | 0x10));
                return "transactional bit set";
            case 2:
            {
                int[] deltas = [-1, -5, -1000, 0, 100, int.MaxValue];
                var delta = deltas[_random.Next(deltas.Length)];
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), delta);
                return $"lastOffsetDelta {delta}";
            }
            case 3:
            {
                int[] counts = [-1, 0, 1, 2, 1000, int.MaxValue];
                var count = counts[_random.Next(counts.Length)];
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), count);
                return $"recordCount {count}";
            }
            case 4:
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(53), 1000 + _random.Next(1000));
                BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(43), 999_999);
                return "producerId/sequence of a producer never initialised";
            default:
                batch[RecordBatchBuilder.HeaderSize + _random.Next(batch.Length - RecordBatchBuilder.HeaderSize)] = 0xFF;
                return "record varint corrupted";
        }
    }
}
