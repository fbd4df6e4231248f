using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Streaming.Kafka.Cache;

namespace Reactor.Streaming.Kafka.Tests.Cache;

[Trait("Suite", "Cache")]
public sealed class KafkaQueueCacheOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new KafkaQueueCacheOptions();

        options.Validate("kafka");
        Assert.Equal(KafkaQueueCacheOptions.DefaultMaxCachedEvents, options.MaxCachedEvents);
        Assert.Equal(KafkaQueueCacheOptions.DefaultMaxEventsPerRead, options.MaxEventsPerRead);
    }

    [Theory]
    [InlineData(0, 1, nameof(KafkaQueueCacheOptions.MaxCachedEvents))]
    [InlineData(-5, 1, nameof(KafkaQueueCacheOptions.MaxCachedEvents))]
    [InlineData(100, 0, nameof(KafkaQueueCacheOptions.MaxEventsPerRead))]
    [InlineData(100, -1, nameof(KafkaQueueCacheOptions.MaxEventsPerRead))]
    public void Validate_OutOfRange_NamesTheProviderAndTheProperty(int maxCachedEvents, int maxEventsPerRead, string property)
    {
        AssertRejectedNaming(new KafkaQueueCacheOptions { MaxCachedEvents = maxCachedEvents, MaxEventsPerRead = maxEventsPerRead }, property);
    }

    [Fact]
    public void AdapterCache_RejectsInvalidOptions()
    {
        Assert.Throws<OrleansConfigurationException>(() => new EntityIndexedQueueAdapterCache(
            "orders",
            new KafkaQueueCacheOptions { MaxCachedEvents = 0 },
            new StreamPullingAgentOptions(),
            NullLoggerFactory.Instance));
    }

    [Fact]
    public void AdapterCache_ReadsTheProvidersNamedOptions_IncludingTheAgentsBatchSize()
    {
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddOptions<KafkaQueueCacheOptions>("orders").Configure(o => o.MaxCachedEvents = 3).Services
            .AddOptions<KafkaQueueCacheOptions>("other").Configure(o => o.MaxCachedEvents = 1_000).Services
            .AddOptions<StreamPullingAgentOptions>("orders").Configure(o => o.BatchContainerBatchSize = 16).Services
            .BuildServiceProvider();

        var cache = (EntityIndexedQueueCache)EntityIndexedQueueAdapterCache.Create(services, "orders").CreateQueueCache(QueueId.GetQueueId("orders", 0, 0));

        Assert.Equal(16, cache.DeliveryBatchSize);

        // MaxEventsPerRead keeps its default of 1,024, above the 3 events the cache holds: reads are capped by the cache.
        Assert.Equal(3, cache.GetMaxAddCount());
        cache.AddToCache([TestBatchContainer.For("a", 0), TestBatchContainer.For("a", 1), TestBatchContainer.For("a", 2)]);
        Assert.True(cache.IsUnderPressure());
    }

    [Fact]
    public void Validate_NegativeDeliveriesInFlight_NamesTheProviderAndTheProperty()
    {
        AssertRejectedNaming(new KafkaQueueCacheOptions { MaxDeliveriesInFlight = -1 }, nameof(KafkaQueueCacheOptions.MaxDeliveriesInFlight));
    }

    [Fact]
    public void Validate_NoDeliveryLimit_IsAccepted()
    {
        new KafkaQueueCacheOptions { MaxDeliveriesInFlight = 0 }.Validate("reactor");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NewEntityEventsOutOfRange_NamesTheProviderAndTheProperty(int maxEventsOfNewEntities)
    {
        AssertRejectedNaming(new KafkaQueueCacheOptions { MaxEventsOfNewEntities = maxEventsOfNewEntities }, nameof(KafkaQueueCacheOptions.MaxEventsOfNewEntities));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1024L * 1024 - 1)]
    [InlineData(KafkaQueueCacheOptions.MaxMaxCachedBytes + 1)]
    public void Validate_CacheBytesOutOfRange_NamesTheProviderAndTheProperty(long maxCachedBytes)
    {
        AssertRejectedNaming(new KafkaQueueCacheOptions { MaxCachedBytes = maxCachedBytes }, nameof(KafkaQueueCacheOptions.MaxCachedBytes));
    }

    [Fact]
    public void AdapterCache_BudgetIsTheProvidersMaxCachedBytes()
    {
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddOptions<KafkaQueueCacheOptions>("orders").Configure(o => o.MaxCachedBytes = 64L * 1024 * 1024).Services
            .BuildServiceProvider();

        var adapterCache = EntityIndexedQueueAdapterCache.Create(services, "orders");

        Assert.Equal(64L * 1024 * 1024, adapterCache.Budget.MaxBytes);
        Assert.Equal(KafkaQueueCacheOptions.DefaultMaxCachedBytes, EntityIndexedQueueAdapterCache.Create(services, "other").Budget.MaxBytes);
    }

    [Fact]
    public void FindProblems_ListsEveryPropertyOutOfRange_UnderTheCallersNames()
    {
        var options = new KafkaQueueCacheOptions { MaxCachedEvents = 0, MaxCachedBytes = 1_000, MaxEventsOfNewEntities = 8, MaxEventsPerRead = 0 };

        var problems = options.FindProblems(property => "Section:" + property);

        Assert.Equal(
            [
                "Section:MaxCachedEvents must be at least 1; it is 0.",
                "Section:MaxCachedBytes must be between 1048576 (1 MiB) and 1099511627776 (1 TiB); it is 1000.",
                "Section:MaxEventsPerRead must be at least 1; it is 0.",
            ],
            problems);
        Assert.Empty(new KafkaQueueCacheOptions().FindProblems(property => property));
    }

    private static void AssertRejectedNaming(KafkaQueueCacheOptions options, string property)
    {
        var error = Assert.Throws<OrleansConfigurationException>(() => options.Validate("orders"));

        Assert.Contains("'orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{nameof(KafkaQueueCacheOptions)}.{property}", error.Message, StringComparison.Ordinal);
    }
}
