using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Reactor.Benchmarks.Kafka;

/// <summary>
/// Provider settings a run may override to measure their effect (<c>--cache-events</c>, <c>--cache-mib</c>, <c>--read-events</c>,
/// <c>--delivery-batch</c>, <c>--checkpoint-spread</c>, <c>--read-period-ms</c>,
/// <c>--deliveries-in-flight</c>, <c>--delivery direct|stream-subscriptions</c>); <see langword="null"/> keeps the provider's default.
/// </summary>
/// <param name="CachedEvents"><c>KafkaQueueCacheOptions.MaxCachedEvents</c>.</param>
/// <param name="CachedMiB"><c>KafkaQueueCacheOptions.MaxCachedBytes</c>, in MiB.</param>
/// <param name="EventsPerRead"><c>KafkaQueueCacheOptions.MaxEventsPerRead</c>.</param>
/// <param name="DeliveryBatch"><c>StreamPullingAgentOptions.BatchContainerBatchSize</c>.</param>
/// <param name="CheckpointSpread"><c>KafkaStreamOptions.CheckpointSpread</c>.</param>
/// <param name="ReadPeriodMs"><c>StreamPullingAgentOptions.GetQueueMsgsTimerPeriod</c>, in milliseconds.</param>
/// <param name="DeliveriesInFlight"><c>KafkaQueueCacheOptions.MaxDeliveriesInFlight</c> (0: no limit).</param>
/// <param name="Delivery"><c>KafkaStreamOptions.Delivery</c>.</param>
internal sealed record ProviderTuning(int? CachedEvents, int? CachedMiB, int? EventsPerRead, int? DeliveryBatch, double? CheckpointSpread, int? ReadPeriodMs, int? DeliveriesInFlight = null, KafkaDelivery? Delivery = null)
{
    public static ProviderTuning From(string[] args) => new(
        Optional(args, "--cache-events"),
        Optional(args, "--cache-mib"),
        Optional(args, "--read-events"),
        Optional(args, "--delivery-batch"),
        ScenarioArguments.Double(args, "--checkpoint-spread"),
        Optional(args, "--read-period-ms"),
        Optional(args, "--deliveries-in-flight"),
        DeliveryArgument(args));

    /// <summary>Applies <see cref="Delivery"/> to the provider's options when it was given.</summary>
    /// <param name="options">The provider's options.</param>
    public void ConfigureDelivery(KafkaStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Delivery is { } delivery)
        {
            options.Delivery = delivery;
        }
    }

    /// <summary>Applies the cache and pulling-agent settings given (all but <see cref="CheckpointSpread"/>, a stream option) to a silo's provider.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="provider">The Kafka stream provider's name.</param>
    public void ConfigureCacheAndAgent(ISiloBuilder silo, string provider)
    {
        if (CachedEvents is { } cached)
        {
            silo.Services.Configure<KafkaQueueCacheOptions>(provider, o => o.MaxCachedEvents = cached);
        }

        if (CachedMiB is { } mebibytes)
        {
            silo.Services.Configure<KafkaQueueCacheOptions>(provider, o => o.MaxCachedBytes = mebibytes * 1024L * 1024);
        }

        if (EventsPerRead is { } perRead)
        {
            silo.Services.Configure<KafkaQueueCacheOptions>(provider, o => o.MaxEventsPerRead = perRead);
        }

        if (DeliveriesInFlight is { } inFlight)
        {
            silo.Services.Configure<KafkaQueueCacheOptions>(provider, o => o.MaxDeliveriesInFlight = inFlight);
        }

        if (DeliveryBatch is { } batch)
        {
            silo.Services.Configure<StreamPullingAgentOptions>(provider, o => o.BatchContainerBatchSize = batch);
        }

        if (ReadPeriodMs is { } period)
        {
            silo.Services.Configure<StreamPullingAgentOptions>(provider, o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(period));
        }
    }

    private static KafkaDelivery? DeliveryArgument(string[] args)
    {
        var index = Array.IndexOf(args, "--delivery");
        if (index < 0)
        {
            return null;
        }

        return (index + 1 < args.Length ? args[index + 1] : null) switch
        {
            "direct" => KafkaDelivery.Direct,
            "stream-subscriptions" => KafkaDelivery.StreamSubscriptions,
            _ => throw new ArgumentException("--delivery takes 'direct' or 'stream-subscriptions'."),
        };
    }

    private static int? Optional(string[] args, string name) =>
        args.Contains(name) ? ScenarioArguments.Int(args, name, 0) : null;
}
