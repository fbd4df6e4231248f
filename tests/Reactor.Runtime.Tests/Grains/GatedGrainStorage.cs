using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;
using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>An in-memory grain storage whose writes wait until the test opens the gate: a disk that is slow on demand.</summary>
internal sealed class GatedGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int WritesStarted;

    public void Open() => _gate.TrySetResult();

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
        Interlocked.Increment(ref WritesStarted);
        var json = JsonSerializer.Serialize(grainState.State, ReactorJson.Options);
        await _gate.Task;
        _documents[$"{stateName}/{grainId}"] = json;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _documents.TryRemove($"{stateName}/{grainId}", out _);
        return Task.CompletedTask;
    }
}
