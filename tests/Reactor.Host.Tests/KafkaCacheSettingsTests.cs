using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Host.Tests;

/// <summary>The Kafka stream provider's queue cache is set from <c>Reactor:Kafka:Cache</c>.</summary>
public sealed class KafkaCacheSettingsTests
{
    [Fact]
    public void Cache_settings_reach_the_hosts_stream_provider()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reactor:Kafka:Cache:MaxCachedBytes"] = "268435456",
            ["Reactor:Kafka:Cache:MaxCachedEvents"] = "4096",
            ["Reactor:Kafka:Cache:MaxDeliveriesInFlight"] = "64",
        });
        builder.AddReactorHost();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<KafkaQueueCacheOptions>>().Get(ReactorHostBuilderExtensions.KafkaProviderName);

        Assert.Equal(268_435_456, options.MaxCachedBytes);
        Assert.Equal(4_096, options.MaxCachedEvents);
        Assert.Equal(64, options.MaxDeliveriesInFlight);
        Assert.Equal(KafkaQueueCacheOptions.DefaultMaxEventsOfNewEntities, options.MaxEventsOfNewEntities);
    }

    [Theory]
    [InlineData("MaxCachedBytes", "1000")]
    [InlineData("MaxCachedEvents", "0")]
    [InlineData("MaxDeliveriesInFlight", "-1")]
    public void Out_of_range_cache_setting_fails_naming_the_setting(string property, string value)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Reactor:Kafka:Cache:" + property] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddReactorHost());

        Assert.Contains($"Reactor:Kafka:Cache:{property} must be", ex.Message, StringComparison.Ordinal);
    }
}
