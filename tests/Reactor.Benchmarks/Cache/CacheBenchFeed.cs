using System.Collections.Concurrent;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// Shared by the scenario, its receivers and its grains: how many events per entity each provider's queues hold in all
/// (the scenario raises it to start a round), how many events grains received, and how many the agents handed back.
/// </summary>
public sealed class CacheBenchFeed
{
    private readonly ConcurrentDictionary<string, int> _eventsPerEntity = new();
    private readonly ConcurrentDictionary<string, long> _handedBack = new();
    private long _received;

    public long ReceivedCount => Volatile.Read(ref _received);

    public void Received() => Interlocked.Increment(ref _received);

    public int EventsPerEntity(string provider) => _eventsPerEntity.GetValueOrDefault(provider);

    /// <summary>Makes every entity of a provider's queues hold <paramref name="events"/> more events, all at once.</summary>
    public void Enqueue(string provider, int events) => _eventsPerEntity.AddOrUpdate(provider, events, (_, current) => current + events);

    public void HandedBack(string provider, int count) => _handedBack.AddOrUpdate(provider, count, (_, current) => current + count);

    public long HandedBackCount(string provider) => _handedBack.GetValueOrDefault(provider);
}
