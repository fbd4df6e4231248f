namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>An entity of the cache's silo tests, fed by an implicit subscription.</summary>
[Alias("Reactor.Streaming.Kafka.Tests.Cache.ICacheTestGrain")]
public interface ICacheTestGrain : IGrainWithStringKey;
