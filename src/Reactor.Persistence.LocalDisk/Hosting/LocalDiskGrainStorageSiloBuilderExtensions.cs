using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's local-disk grain storage on a silo.</summary>
public static class LocalDiskGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a local-disk grain storage provider as the default provider.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the provider; <see cref="LocalDiskGrainStorageOptions.RootDirectory"/> is required.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddLocalDiskGrainStorageAsDefault(this ISiloBuilder builder, Action<LocalDiskGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalDiskGrainStorageAsDefault(configureOptions);
        return builder;
    }

    /// <summary>Adds a named local-disk grain storage provider, used by grains through <c>[PersistentState("state", name)]</c>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configureOptions">Configures the provider; <see cref="LocalDiskGrainStorageOptions.RootDirectory"/> is required.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddLocalDiskGrainStorage(this ISiloBuilder builder, string name, Action<LocalDiskGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalDiskGrainStorage(name, configureOptions);
        return builder;
    }
}
