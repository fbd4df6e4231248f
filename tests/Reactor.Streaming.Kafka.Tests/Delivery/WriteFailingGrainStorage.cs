using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>Wraps a silo's grain storage so that writes of one chosen grain fail, as if its storage were unreachable.</summary>
internal sealed class WriteFailingGrainStorage(IGrainStorage inner, WriteFailingGrainStorage.Failures failures) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Replaces the grain storage registered as <paramref name="name"/> with one whose writes fail for the grain <paramref name="failures"/> names.</summary>
    /// <param name="services">The silo's services, after the storage was added.</param>
    /// <param name="name">The storage's name.</param>
    /// <param name="failures">Says whose writes fail, and counts that grain's reads.</param>
    public static void Install(IServiceCollection services, string name, Failures failures)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var create = original.KeyedImplementationFactory ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory.");
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new WriteFailingGrainStorage((IGrainStorage)create(sp, key), failures));
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (failures.Matches(grainId))
        {
            failures.CountRead();
        }

        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        failures.Matches(grainId)
            ? Task.FromException(new IOException($"Writes of {grainId} fail (test)."))
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Names the grain (by key) whose writes fail, and counts how often it was read (once per activation).</summary>
    public sealed class Failures
    {
        private volatile string? _grainKey;
        private int _reads;

        /// <summary>Gets or sets the key of the grain whose writes fail; <see langword="null"/> when none does.</summary>
        public string? GrainKey
        {
            get => _grainKey;
            set => _grainKey = value;
        }

        /// <summary>Gets how often the grain was read while its writes failed.</summary>
        public int Reads => Volatile.Read(ref _reads);

        internal bool Matches(GrainId grainId) => _grainKey is { } key && grainId.Key.ToString() == key;

        internal void CountRead() => Interlocked.Increment(ref _reads);
    }
}
