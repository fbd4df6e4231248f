using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Validates <see cref="AzureBlobConnectionOptions"/> and builds the container client they describe.</summary>
internal static partial class AzureBlobConnection
{
    /// <summary>Returns what is wrong with the connection settings, naming the setting, or <see langword="null"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The error, or <see langword="null"/> when valid.</returns>
    public static string? GetError(AzureBlobConnectionOptions options)
    {
        var type = options.GetType().Name;
        var sources = (options.BlobServiceClient is null ? 0 : 1)
            + (options.BlobServiceClientKey is null ? 0 : 1)
            + (string.IsNullOrWhiteSpace(options.ConnectionString) ? 0 : 1)
            + (options.ServiceUri is null ? 0 : 1);
        if (sources != 1)
        {
            return $"set exactly one of {type}.{nameof(AzureBlobConnectionOptions.BlobServiceClient)}, {nameof(AzureBlobConnectionOptions.BlobServiceClientKey)}, {nameof(AzureBlobConnectionOptions.ConnectionString)} or {nameof(AzureBlobConnectionOptions.ServiceUri)} ({sources} are set).";
        }

        if (options.ServiceUri is { } uri)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return $"{type}.{nameof(AzureBlobConnectionOptions.ServiceUri)} '{uri}' is not an absolute http(s) URI.";
            }

            if (options.Credential is null)
            {
                return $"{type}.{nameof(AzureBlobConnectionOptions.Credential)} is required with {nameof(AzureBlobConnectionOptions.ServiceUri)} (for example DefaultAzureCredential).";
            }
        }

        if (options.ClientOptions is null)
        {
            return $"{type}.{nameof(AzureBlobConnectionOptions.ClientOptions)} must not be null.";
        }

        if (string.IsNullOrEmpty(options.ContainerName) || !ContainerNamePattern().IsMatch(options.ContainerName) || options.ContainerName.Contains("--", StringComparison.Ordinal))
        {
            return $"{type}.{nameof(AzureBlobConnectionOptions.ContainerName)} '{options.ContainerName}' is not a valid container name (3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit).";
        }

        return null;
    }

    /// <summary>Builds the container client the options describe.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="services">The host's services, for <see cref="AzureBlobConnectionOptions.BlobServiceClientKey"/>.</param>
    /// <returns>The container client.</returns>
    public static BlobContainerClient CreateContainerClient(AzureBlobConnectionOptions options, IServiceProvider services)
    {
        var client = options.BlobServiceClient
            ?? (options.BlobServiceClientKey is { } key ? services.GetRequiredKeyedService<BlobServiceClient>(key) : null)
            ?? (!string.IsNullOrWhiteSpace(options.ConnectionString)
                ? new BlobServiceClient(options.ConnectionString, options.ClientOptions)
                : new BlobServiceClient(options.ServiceUri!, options.Credential!, options.ClientOptions));
        return client.GetBlobContainerClient(options.ContainerName);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerNamePattern();
}
