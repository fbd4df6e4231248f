using Azure.Identity;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Host.Configuration;

namespace Reactor.Host.Storage;

/// <summary>Adds the grain storage and decision log that <c>Reactor:Storage</c> selects.</summary>
internal static class HostStorage
{
    /// <summary>The grain storage provider name entity grains use.</summary>
    public const string StorageName = "reactor";

    /// <summary>Adds the selected storage to the silo.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="storage">The validated storage settings.</param>
    /// <param name="dataDirectory">The host's data directory, for local disk storage.</param>
    public static void AddReactorStorage(this ISiloBuilder silo, StorageHostOptions storage, string dataDirectory)
    {
        if (storage.Provider == StorageProvider.LocalDisk)
        {
            silo.AddLocalDiskGrainStorage(StorageName, o => o.RootDirectory = Path.Combine(dataDirectory, "state"));
            silo.AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(dataDirectory, "decisions"));

            // Wakes entities for their absence deadlines, also after a restart of the embedded silo.
            silo.UseLocalDiskReminderService(o => o.RootDirectory = Path.Combine(dataDirectory, "reminders"));
            return;
        }

        var azure = storage.AzureBlob;
        silo.AddAzureBlobGrainStorage(StorageName, o =>
        {
            Connect(o, azure);
            o.ContainerName = azure.StateContainer;
            o.Compression = azure.Compression;
        });
        silo.AddAzureBlobDecisionLog(o =>
        {
            Connect(o, azure);
            o.ContainerName = azure.DecisionContainer;
        });
    }

    /// <summary>Rejects storage settings that cannot work, naming the setting.</summary>
    /// <param name="storage">The storage settings.</param>
    /// <exception cref="OptionsValidationException">A setting is missing or invalid.</exception>
    public static void ThrowIfInvalid(StorageHostOptions storage)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(storage.Provider))
        {
            failures.Add($"{StorageHostOptions.SectionName}:Provider must be LocalDisk or AzureBlob.");
        }
        else if (storage.Provider == StorageProvider.AzureBlob)
        {
            const string Section = StorageHostOptions.SectionName + ":AzureBlob";
            var azure = storage.AzureBlob;
            var hasConnectionString = !string.IsNullOrWhiteSpace(azure.ConnectionString);
            if (hasConnectionString == (azure.ServiceUri is not null))
            {
                failures.Add($"{Section}:ConnectionString or {Section}:ServiceUri (one of them) is required when {StorageHostOptions.SectionName}:Provider is AzureBlob.");
            }
            else if (azure.ServiceUri is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
            {
                failures.Add($"{Section}:ServiceUri must be an absolute http(s) URI such as https://ACCOUNT.blob.core.windows.net.");
            }

            CheckContainer(failures, $"{Section}:StateContainer", azure.StateContainer);
            CheckContainer(failures, $"{Section}:DecisionContainer", azure.DecisionContainer);
            if (!Enum.IsDefined(azure.Compression))
            {
                failures.Add($"{Section}:Compression must be None, Gzip or Brotli.");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(StorageHostOptions.SectionName, typeof(StorageHostOptions), failures);
        }
    }

    /// <summary>Points Azure Blob options at the configured account: a connection string, or the service URI with <c>DefaultAzureCredential</c>.</summary>
    /// <param name="options">The options to set.</param>
    /// <param name="azure">The validated Azure Blob settings.</param>
    internal static void Connect(AzureBlobConnectionOptions options, AzureBlobHostOptions azure)
    {
        if (!string.IsNullOrWhiteSpace(azure.ConnectionString))
        {
            options.ConnectionString = azure.ConnectionString;
        }
        else
        {
            options.ServiceUri = azure.ServiceUri;
            options.Credential = new DefaultAzureCredential();
        }
    }

    private static void CheckContainer(List<string> failures, string setting, string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length is < 3 or > 63 || name.Contains("--", StringComparison.Ordinal)
            || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || name[0] == '-' || name[^1] == '-')
        {
            failures.Add($"{setting} '{name}' is not a valid container name (3 to 63 lower-case letters, digits and single hyphens).");
        }
    }
}
