using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;
using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>An in-memory grain storage whose first write fails: a disk with one bad moment.</summary>
internal sealed class FailingFirstWriteStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private int _writes;

    public int FailedWrites;

    /// <summary>Gets the state version of the stored entity document, or -1 when none is stored.</summary>
    public long StoredStateVersion(string stateName, GrainId grainId) =>
        _documents.TryGetValue($"{stateName}/{grainId}", out var json)
            ? JsonDocument.Parse(json).RootElement.GetProperty("stateVersion").GetInt64()
            : -1;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_documents.TryGetValue($"{stateName}/{grainId}", out var json))
        {
            grainState.State = JsonSerializer.Deserialize<T>(json, ReactorJson.Options)!;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Fails after the writer moved on, as a real disk does: the entity learns of it later.
        await Task.Yield();
        if (Interlocked.Increment(ref _writes) == 1)
        {
            Interlocked.Increment(ref FailedWrites);
            throw new IOException("The first write fails.");
        }

        _documents[$"{stateName}/{grainId}"] = JsonSerializer.Serialize(grainState.State, ReactorJson.Options);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _documents.TryRemove($"{stateName}/{grainId}", out _);
        return Task.CompletedTask;
    }
}
