namespace Reactor.Benchmarks.Cache;

/// <summary>The synthetic event of the <c>cache</c> scenario.</summary>
[GenerateSerializer]
[Alias("Reactor.Benchmarks.Cache.CacheBenchEvent")]
public sealed record CacheBenchEvent([property: Id(0)] int Amount);
