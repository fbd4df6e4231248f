using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Reactor.Samples.Service;

/// <summary>Connects a service to a Reactor cluster as an Orleans client.</summary>
public static class ReactorClientBuilderExtensions
{
    /// <summary>
    /// Adds an Orleans client of the Reactor cluster (<c>UseOrleansClient</c>) and the sample's <see cref="CustomerReports"/>.
    /// The client uses localhost clustering on <see cref="ReactorClientOptions.GatewayPort"/>; against a production cluster,
    /// replace <c>UseLocalhostClustering</c> with the cluster's membership provider (for example <c>UseRedisClustering</c>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddReactorClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(ReactorClientOptions.SectionName).Get<ReactorClientOptions>() ?? new ReactorClientOptions();
        if (options.GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{ReactorClientOptions.SectionName}:GatewayPort must be a TCP port between 1 and 65535 (was {options.GatewayPort}).");
        }

        builder.UseOrleansClient(client => client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId));
        builder.Services.AddSingleton<CustomerReports>();
        return builder;
    }
}
