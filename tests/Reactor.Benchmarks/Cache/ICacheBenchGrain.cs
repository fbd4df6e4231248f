namespace Reactor.Benchmarks.Cache;

/// <summary>An entity of the <c>cache</c> scenario, fed by implicit subscriptions only.</summary>
[Alias("Reactor.Benchmarks.Cache.ICacheBenchGrain")]
public interface ICacheBenchGrain : IGrainWithStringKey;
