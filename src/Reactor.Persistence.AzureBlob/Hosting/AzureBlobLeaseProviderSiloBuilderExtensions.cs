using Orleans.Configuration;
using Orleans.LeaseProviders;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob lease provider on a silo.</summary>
public static class AzureBlobLeaseProviderSiloBuilderExtensions
{
    /// <summary>
    /// Uses Azure blob leases as the silo's <see cref="ILeaseProvider"/>, for <c>UseLeaseBasedQueueBalancer</c> on a
    /// stream provider (keep its <c>LeaseLength</c> at 60 seconds or less).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the host starts.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder UseAzureBlobLeaseProvider(this ISiloBuilder builder, Action<AzureBlobLeaseProviderOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.UseAzureBlobLeaseProvider(configureOptions);
        return builder;
    }
}
