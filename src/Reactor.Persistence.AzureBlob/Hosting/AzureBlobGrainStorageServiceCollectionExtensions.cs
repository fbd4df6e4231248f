using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Reactor.Persistence.AzureBlob.Providers;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob grain storage on a service collection.</summary>
public static class AzureBlobGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds an Azure Blob grain storage provider as the default provider.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the silo starts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAzureBlobGrainStorageAsDefault(this IServiceCollection services, Action<AzureBlobGrainStorageOptions> configureOptions) =>
        services.AddAzureBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a named Azure Blob grain storage provider, used by grains through <c>[PersistentState("state", name)]</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the silo starts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAzureBlobGrainStorage(this IServiceCollection services, string name, Action<AzureBlobGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<AzureBlobGrainStorageOptions>(name).Configure(configureOptions);
        services.AddSingleton<IConfigurationValidator>(sp => new AzureBlobGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(name),
            name));
        return services.AddGrainStorage(name, static (sp, providerName) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AzureBlobGrainStorageOptions>>().Get(providerName);
            AzureBlobGrainStorageOptionsValidator.ThrowIfInvalid(options, providerName);
            return new AzureBlobGrainStorage(
                providerName,
                options,
                AzureBlobConnection.CreateContainerClient(options, sp),
                sp.GetRequiredService<IActivatorProvider>(),
                sp.GetRequiredService<ILogger<AzureBlobGrainStorage>>());
        });
    }
}
