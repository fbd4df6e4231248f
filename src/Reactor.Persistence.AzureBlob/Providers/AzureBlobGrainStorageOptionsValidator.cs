using Orleans.Configuration;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Validates a named <see cref="AzureBlobGrainStorageOptions"/> when the silo starts.</summary>
/// <param name="options">The options of the provider.</param>
/// <param name="name">The provider name.</param>
internal sealed class AzureBlobGrainStorageOptionsValidator(AzureBlobGrainStorageOptions options, string name) : IConfigurationValidator
{
    /// <summary>Throws when the options are invalid.</summary>
    /// <exception cref="OrleansConfigurationException">A setting is missing or invalid; the message names the provider and the property.</exception>
    public void ValidateConfiguration() => ThrowIfInvalid(options, name);

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <param name="name">The provider name.</param>
    /// <exception cref="OrleansConfigurationException">A setting is missing or invalid.</exception>
    public static void ThrowIfInvalid(AzureBlobGrainStorageOptions options, string name)
    {
        var error = GetError(options);
        if (error is not null)
        {
            throw new OrleansConfigurationException($"AzureBlob grain storage '{name}': {error}");
        }
    }

    private static string? GetError(AzureBlobGrainStorageOptions options)
    {
        if (AzureBlobConnection.GetError(options) is { } error)
        {
            return error;
        }

        if (options.JsonSerializerOptions is null)
        {
            return $"{nameof(AzureBlobGrainStorageOptions)}.{nameof(AzureBlobGrainStorageOptions.JsonSerializerOptions)} must not be null.";
        }

        if (options.SchemaUpgrades is null)
        {
            return $"{nameof(AzureBlobGrainStorageOptions)}.{nameof(AzureBlobGrainStorageOptions.SchemaUpgrades)} must not be null.";
        }

        return Enum.IsDefined(options.Compression)
            ? null
            : $"{nameof(AzureBlobGrainStorageOptions)}.{nameof(AzureBlobGrainStorageOptions.Compression)} {(int)options.Compression} is not a {nameof(StateCompression)} value.";
    }
}
