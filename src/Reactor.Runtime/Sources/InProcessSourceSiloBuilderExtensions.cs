using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Streams;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Sources;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's in-process event source, which publishes to Orleans memory streams.</summary>
public static class InProcessSourceSiloBuilderExtensions
{
    /// <summary>
    /// Adds a memory stream provider with implicit subscriptions only and the <see cref="InProcessEventSource"/>
    /// that validates, numbers and publishes CloudEvents to it; reactions' emitted events are fed back through it.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Changes the source options.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddReactorInProcessSource(this ISiloBuilder builder, Action<InProcessSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InProcessSourceOptions();
        configure?.Invoke(options);
        if (options.PartitionsPerTopic < 1)
        {
            throw new ArgumentException($"{nameof(InProcessSourceOptions)}.{nameof(InProcessSourceOptions.PartitionsPerTopic)} must be at least 1 (was {options.PartitionsPerTopic}).", nameof(configure));
        }

        builder.Services.Configure<InProcessSourceOptions>(o =>
        {
            o.StreamProviderName = options.StreamProviderName;
            o.PartitionsPerTopic = options.PartitionsPerTopic;
        });
        builder.AddMemoryStreams(options.StreamProviderName, streams => streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
        builder.Services.AddSingleton<InProcessEventSource>();
        builder.Services.AddSingleton<IEventEmitter>(sp => sp.GetRequiredService<InProcessEventSource>());
        return builder;
    }
}
