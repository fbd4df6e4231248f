using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Reactor.Persistence.LocalDisk.Providers;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's local-disk grain storage on a service collection.</summary>
public static class LocalDiskGrainStorageServiceCollectionExtensions
{
    /// <summary>Adds a local-disk grain storage provider as the default provider.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Configures the provider; <see cref="LocalDiskGrainStorageOptions.RootDirectory"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLocalDiskGrainStorageAsDefault(this IServiceCollection services, Action<LocalDiskGrainStorageOptions> configureOptions) =>
        services.AddLocalDiskGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds a named local-disk grain storage provider, used by grains through <c>[PersistentState("state", name)]</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configureOptions">Configures the provider; <see cref="LocalDiskGrainStorageOptions.RootDirectory"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLocalDiskGrainStorage(this IServiceCollection services, string name, Action<LocalDiskGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<LocalDiskGrainStorageOptions>(name).Configure(configureOptions);
        services.AddSingleton<IConfigurationValidator>(sp => new LocalDiskGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<LocalDiskGrainStorageOptions>>().Get(name),
            name));
        return services.AddGrainStorage(name, static (sp, providerName) => new LocalDiskGrainStorage(
            providerName,
            sp.GetRequiredService<IOptionsMonitor<LocalDiskGrainStorageOptions>>().Get(providerName),
            sp.GetRequiredService<IActivatorProvider>(),
            sp.GetRequiredService<ILogger<LocalDiskGrainStorage>>()));
    }
}
