using Orleans.Streams;
using Orleans.Streams.Core;

namespace Reactor.Benchmarks.Cache;

/// <summary>
/// Counts and sums its entity's events, with no storage, so the scenario measures the stream path rather than the
/// entity's work. Subscribed to every provider of the scenario (one namespace per provider).
/// </summary>
[RegexImplicitStreamSubscription("^" + CacheThroughput.NamespacePrefix)]
public sealed class CacheBenchGrain(CacheBenchFeed feed) : Grain, ICacheBenchGrain, IStreamSubscriptionObserver, IAsyncObserver<CacheBenchEvent>
{
    private long _count;
    private long _sum;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<CacheBenchEvent>().ResumeAsync(this);
    }

    public Task OnNextAsync(CacheBenchEvent item, StreamSequenceToken? token = null)
    {
        _count++;
        _sum += item.Amount;
        feed.Received();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public override string ToString() => $"{this.GetPrimaryKeyString()}: {_count} events, sum {_sum}";
}
