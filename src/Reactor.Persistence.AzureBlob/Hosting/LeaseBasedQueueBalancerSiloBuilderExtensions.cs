using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace Orleans.Hosting;

/// <summary>Selects Orleans' lease-based queue balancer for a stream provider that does not expose its configurator.</summary>
public static class LeaseBasedQueueBalancerSiloBuilderExtensions
{
    /// <summary>
    /// Makes the persistent stream provider <paramref name="streamProviderName"/> (for example Reactor's Kafka provider)
    /// balance its queues with <see cref="LeaseBasedQueueBalancer"/>, which takes leases from the silo's
    /// <c>ILeaseProvider</c> (<c>UseAzureBlobLeaseProvider</c>), as <c>UseLeaseBasedQueueBalancer</c> does on a stream configurator.
    /// Call it after adding the stream provider.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="streamProviderName">The stream provider's name.</param>
    /// <param name="configureOptions">Configures the balancer (lease length at most 60 seconds with Azure blob leases).</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseLeaseBasedQueueBalancerFor(this ISiloBuilder builder, string streamProviderName, Action<OptionsBuilder<LeaseBasedQueueBalancerOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamProviderName);
        new StreamProviderServices(streamProviderName, builder.Services)
            .ConfigureComponent<LeaseBasedQueueBalancerOptions, IStreamQueueBalancer>(LeaseBasedQueueBalancer.Create, configureOptions);
        return builder;
    }

    /// <summary>Names the services of one stream provider, as Orleans' stream configurators do.</summary>
    /// <param name="name">The stream provider's name.</param>
    /// <param name="services">The silo's services.</param>
    private sealed class StreamProviderServices(string name, IServiceCollection services) : INamedServiceConfigurator
    {
        public string Name => name;

        public Action<Action<IServiceCollection>> ConfigureDelegate => configure => configure(services);
    }
}
