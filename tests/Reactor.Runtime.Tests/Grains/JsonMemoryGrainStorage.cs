using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;
using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>
/// An in-memory grain storage that keeps each state as the JSON Reactor would write; subclasses decide how a write
/// behaves (slow on demand, failing once) and call <see cref="Store{T}"/> when it lands.
/// </summary>
internal abstract class JsonMemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    /// <summary>Gets the state version of the stored entity document, or -1 when none is stored.</summary>
    public long StoredStateVersion(string stateName, GrainId grainId) =>
        _documents.TryGetValue(Key(stateName, grainId), out var json)
            ? JsonDocument.Parse(json).RootElement.GetProperty("stateVersion").GetInt64()
            : -1;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_documents.TryGetValue(Key(stateName, grainId), out var json))
        {
            grainState.State = JsonSerializer.Deserialize<T>(json, ReactorJson.Options)!;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public abstract Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _documents.TryRemove(Key(stateName, grainId), out _);
        return Task.CompletedTask;
    }

    /// <summary>Serializes a state as it is at the moment of the call.</summary>
    protected static string Serialize<T>(IGrainState<T> grainState) => JsonSerializer.Serialize(grainState.State, ReactorJson.Options);

    /// <summary>Makes <paramref name="json"/> the stored state.</summary>
    protected void Store<T>(string stateName, GrainId grainId, IGrainState<T> grainState, string json)
    {
        _documents[Key(stateName, grainId)] = json;
        grainState.RecordExists = true;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
