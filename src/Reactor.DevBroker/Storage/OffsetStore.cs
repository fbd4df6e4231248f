using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Keeps committed group offsets in memory and in an append-only file that is compacted at startup.</summary>
/// <remarks>
/// Record: <c>int32 length, uint32 crc32c(payload), payload</c>; payload is <c>int8 kind</c> then, for a commit,
/// group, topic, partition, offset, leader epoch and metadata, or, for a topic deletion, the topic.
/// </remarks>
internal sealed class OffsetStore : IDisposable
{
    private const sbyte CommitKind = 0;
    private const sbyte DeleteTopicKind = 1;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<(string Topic, int Partition), CommittedOffset>> _groups = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ResponseWriter _scratch = new();
    private FileStream? _file;
    private bool _dirty;

    /// <summary>Creates the store over <c>&lt;dataDirectory&gt;/consumer-offsets.log</c>; call <see cref="Load"/> next.</summary>
    public OffsetStore(string dataDirectory, ILogger logger)
    {
        _path = Path.Combine(dataDirectory, "consumer-offsets.log");
        _logger = logger;
    }

    /// <summary>Reads the file, drops a torn tail and rewrites it compacted.</summary>
    public void Load()
    {
        if (File.Exists(_path))
        {
            var bytes = File.ReadAllBytes(_path);
            var position = 0;
            while (bytes.Length - position >= 8)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
                if (length <= 0 || length > bytes.Length - position - 8)
                {
                    break;
                }

                var payload = bytes.AsSpan(position + 8, length);
                if (Crc32C.Compute(payload) != BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4)))
                {
                    break;
                }

                Apply(payload);
                position += 8 + length;
            }

            if (position < bytes.Length)
            {
                BrokerLog.TruncatedOffsets(_logger, _path, bytes.Length, position);
            }
        }

        var temporary = _path + ".tmp";
        using (var compacted = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var (group, offsets) in _groups)
            {
                foreach (var (key, value) in offsets)
                {
                    WriteCommit(compacted, group, key.Topic, key.Partition, value);
                }
            }

            compacted.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    /// <summary>Stores offsets; they reach the operating system before this returns.</summary>
    public void Commit(string group, IReadOnlyList<(string Topic, int Partition, CommittedOffset Offset)> offsets)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var groupOffsets))
            {
                groupOffsets = [];
                _groups[group] = groupOffsets;
            }

            _scratch.Reset();
            foreach (var (topic, partition, offset) in offsets)
            {
                groupOffsets[(topic, partition)] = offset;
                AppendCommit(_scratch, group, topic, partition, offset);
            }

            _file?.Write(_scratch.WrittenSpan);
            _dirty = true;
        }
    }

    /// <summary>Gets a committed offset, or null when none was committed.</summary>
    public CommittedOffset? Get(string group, string topic, int partition)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(group, out var offsets) && offsets.TryGetValue((topic, partition), out var value) ? value : null;
        }
    }

    /// <summary>Gets every offset a group committed.</summary>
    public IReadOnlyList<(string Topic, int Partition, CommittedOffset Offset)> GetAll(string group)
    {
        lock (_lock)
        {
            return _groups.TryGetValue(group, out var offsets)
                ? [.. offsets.Select(kv => (kv.Key.Topic, kv.Key.Partition, kv.Value))]
                : [];
        }
    }

    /// <summary>Gets the ids of groups that have committed offsets.</summary>
    public IReadOnlyList<string> Groups
    {
        get
        {
            lock (_lock)
            {
                return [.. _groups.Where(g => g.Value.Count > 0).Select(g => g.Key)];
            }
        }
    }

    /// <summary>Forgets every group's offsets for a deleted topic.</summary>
    public void DeleteTopic(string topic)
    {
        lock (_lock)
        {
            foreach (var offsets in _groups.Values)
            {
                foreach (var key in offsets.Keys.Where(k => k.Topic == topic).ToList())
                {
                    offsets.Remove(key);
                }
            }

            _scratch.Reset();
            var start = _scratch.ReserveInt32();
            var crc = _scratch.ReserveInt32();
            _scratch.WriteInt8(DeleteTopicKind);
            _scratch.WriteString(topic);
            Seal(_scratch, start, crc);
            _file?.Write(_scratch.WrittenSpan);
            _dirty = true;
        }
    }

    /// <summary>
    /// Forces written offsets to the storage device. The sync runs outside the lock: an OffsetCommit arriving meanwhile is
    /// written at once instead of waiting for the device (a slow sync used to hold every committing client, and the
    /// threads serving them, for its whole length).
    /// </summary>
    public void FlushToDisk()
    {
        SafeFileHandle handle;
        lock (_lock)
        {
            if (!_dirty || _file is null)
            {
                return;
            }

            _dirty = false;
            handle = _file.SafeFileHandle;
        }

        try
        {
            RandomAccess.FlushToDisk(handle);
        }
        catch (ObjectDisposedException)
        {
            // Closed meanwhile by Dispose, which syncs everything itself.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_file is not null)
            {
                _file.Flush(flushToDisk: true);
                _file.Dispose();
                _file = null;
            }

            _scratch.Dispose();
        }
    }

    private static void WriteCommit(Stream stream, string group, string topic, int partition, CommittedOffset offset)
    {
        using var writer = new ResponseWriter();
        AppendCommit(writer, group, topic, partition, offset);
        stream.Write(writer.WrittenSpan);
    }

    private static void AppendCommit(ResponseWriter writer, string group, string topic, int partition, CommittedOffset offset)
    {
        var start = writer.ReserveInt32();
        var crc = writer.ReserveInt32();
        writer.WriteInt8(CommitKind);
        writer.WriteString(group);
        writer.WriteString(topic);
        writer.WriteInt32(partition);
        writer.WriteInt64(offset.Offset);
        writer.WriteInt32(offset.LeaderEpoch);
        writer.WriteNullableString(offset.Metadata);
        Seal(writer, start, crc);
    }

    private static void Seal(ResponseWriter writer, int start, int crcPosition)
    {
        var payloadStart = crcPosition + 4;
        var payloadLength = writer.Length - payloadStart;
        writer.PatchInt32(start, payloadLength);
        writer.PatchInt32(crcPosition, unchecked((int)Crc32C.Compute(writer.WrittenSpan[payloadStart..])));
    }

    private void Apply(Span<byte> payload)
    {
        var reader = new KafkaReader(payload);
        var kind = reader.ReadInt8();
        if (kind == CommitKind)
        {
            var group = reader.ReadString();
            var topic = reader.ReadString();
            var partition = reader.ReadInt32();
            var offset = reader.ReadInt64();
            var epoch = reader.ReadInt32();
            var metadata = reader.ReadNullableString();
            if (!_groups.TryGetValue(group, out var offsets))
            {
                offsets = [];
                _groups[group] = offsets;
            }

            offsets[(topic, partition)] = new CommittedOffset(offset, epoch, metadata);
        }
        else if (kind == DeleteTopicKind)
        {
            var topic = reader.ReadString();
            foreach (var offsets in _groups.Values)
            {
                foreach (var key in offsets.Keys.Where(k => k.Topic == topic).ToList())
                {
                    offsets.Remove(key);
                }
            }
        }
    }
}
