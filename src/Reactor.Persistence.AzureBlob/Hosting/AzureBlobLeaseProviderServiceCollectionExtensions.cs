using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.LeaseProviders;
using Reactor.Persistence.AzureBlob.Providers;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob lease provider on a service collection.</summary>
public static class AzureBlobLeaseProviderServiceCollectionExtensions
{
    /// <summary>
    /// Uses Azure blob leases as the host's <see cref="ILeaseProvider"/>, for <c>UseLeaseBasedQueueBalancer</c> on a
    /// stream provider (keep its <c>LeaseLength</c> at 60 seconds or less).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the host starts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection UseAzureBlobLeaseProvider(this IServiceCollection services, Action<AzureBlobLeaseProviderOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<AzureBlobLeaseProviderOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobLeaseProviderOptions>, AzureBlobLeaseProviderOptionsValidator>());
        services.TryAddSingleton<AzureBlobLeaseProvider>();
        services.AddSingleton<ILeaseProvider>(static sp => sp.GetRequiredService<AzureBlobLeaseProvider>());
        return services;
    }
}
