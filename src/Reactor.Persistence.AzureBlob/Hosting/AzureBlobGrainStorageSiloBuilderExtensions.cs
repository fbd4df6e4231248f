using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob grain storage on a silo.</summary>
public static class AzureBlobGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds an Azure Blob grain storage provider as the default provider.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the silo starts.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddAzureBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureBlobGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobGrainStorageAsDefault(configureOptions);
        return builder;
    }

    /// <summary>Adds a named Azure Blob grain storage provider, used by grains through <c>[PersistentState("state", name)]</c>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name.</param>
    /// <param name="configureOptions">Configures the provider; one client source is required and checked when the silo starts.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddAzureBlobGrainStorage(this ISiloBuilder builder, string name, Action<AzureBlobGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobGrainStorage(name, configureOptions);
        return builder;
    }
}
