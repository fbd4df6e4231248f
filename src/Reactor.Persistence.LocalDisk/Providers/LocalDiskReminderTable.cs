using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>
/// An Orleans reminder table in one JSON file: the rows live in memory and changes rewrite the file atomically
/// (write a temporary file, then rename). Changes made while a rewrite is running are written together by the next
/// one, on a background task, and each caller's task completes once a rewrite containing its change is durable.
/// Meant for the embedded default, a single silo (Reactor writes a reminder only when an entity's first deadline
/// is armed or its last one goes); a cluster uses a shared table (Redis, ADO.NET, Azure).
/// </summary>
internal sealed class LocalDiskReminderTable : IReminderTable
{
    private const string FileName = "reminders.json";
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly bool _flushToDisk;
    private Dictionary<(GrainId Grain, string Name), ReminderEntry>? _rows;
    private long _nextETag;
    private TaskCompletionSource _nextSave = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _dirty;
    private bool _saving;

    public LocalDiskReminderTable(IOptions<LocalDiskReminderOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.Value.RootDirectory ?? throw new InvalidOperationException("LocalDiskReminderOptions.RootDirectory is required.");
        _path = Path.Combine(Path.GetFullPath(root), FileName);
        _flushToDisk = options.Value.FlushToDisk;
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Load();
        }

        return Task.CompletedTask;
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        lock (_lock)
        {
            return Task.FromResult(new ReminderTableData(Rows.Values.Where(r => r.GrainId == grainId).Select(Copy).ToList()));
        }
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        lock (_lock)
        {
            return Task.FromResult(new ReminderTableData(Rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToList()));
        }
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        lock (_lock)
        {
            return Task.FromResult(Rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);
        }
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Task saved;
        string etag;
        lock (_lock)
        {
            var row = Copy(entry);
            etag = row.ETag = (++_nextETag).ToString(CultureInfo.InvariantCulture);
            Rows[(entry.GrainId, entry.ReminderName)] = row;
            saved = RequestSave();
        }

        await saved.ConfigureAwait(false);
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        Task saved;
        lock (_lock)
        {
            if (!Rows.TryGetValue((grainId, reminderName), out var row) || row.ETag != eTag)
            {
                return false;
            }

            Rows.Remove((grainId, reminderName));
            saved = RequestSave();
        }

        await saved.ConfigureAwait(false);
        return true;
    }

    public Task TestOnlyClearTable()
    {
        lock (_lock)
        {
            Rows.Clear();
            return RequestSave();
        }
    }

    private Dictionary<(GrainId Grain, string Name), ReminderEntry> Rows => _rows ??= Load();

    // A ring range as Orleans gives it: (begin, end], wrapping past uint.MaxValue; begin == end is the whole ring.
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin == end || (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);

    private static ReminderEntry Copy(ReminderEntry row) => new()
    {
        GrainId = row.GrainId,
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };

    private Dictionary<(GrainId Grain, string Name), ReminderEntry> Load()
    {
        if (_rows is not null)
        {
            return _rows;
        }

        var rows = new Dictionary<(GrainId Grain, string Name), ReminderEntry>();
        if (File.Exists(_path))
        {
            foreach (var stored in JsonSerializer.Deserialize<List<StoredReminder>>(File.ReadAllBytes(_path)) ?? [])
            {
                var grain = GrainId.Parse(stored.Grain);
                rows[(grain, stored.Name)] = new ReminderEntry
                {
                    GrainId = grain,
                    ReminderName = stored.Name,
                    StartAt = stored.StartAt,
                    Period = stored.Period,
                    ETag = (++_nextETag).ToString(CultureInfo.InvariantCulture),
                };
            }
        }

        return _rows = rows;
    }

    /// <summary>Marks the table changed and returns a task that completes once a rewrite containing the change is durable. Call under the lock.</summary>
    private Task RequestSave()
    {
        _dirty = true;
        var covering = _nextSave.Task;
        if (!_saving)
        {
            _saving = true;
            _ = Task.Run(SaveWhileDirty);
        }

        return covering;
    }

    /// <summary>Rewrites the file until no change is left unwritten; one rewrite at a time, off the callers' threads.</summary>
    private void SaveWhileDirty()
    {
        while (true)
        {
            byte[] content;
            TaskCompletionSource done;
            lock (_lock)
            {
                if (!_dirty)
                {
                    _saving = false;
                    return;
                }

                _dirty = false;
                var stored = Rows.Values.Select(r => new StoredReminder(r.GrainId.ToString(), r.ReminderName, r.StartAt, r.Period)).ToList();
                content = JsonSerializer.SerializeToUtf8Bytes(stored);
                done = _nextSave;
                _nextSave = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                DurableFile.Replace(_path, content, _flushToDisk);
                done.SetResult();
            }
#pragma warning disable CA1031 // Whatever failed belongs to the callers waiting on this rewrite; the loop must go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        }
    }

    private sealed record StoredReminder(string Grain, string Name, DateTime StartAt, TimeSpan Period);
}
