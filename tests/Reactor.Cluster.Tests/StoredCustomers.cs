using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Reactor.Abstractions;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Cluster.Tests;

/// <summary>Reads the customer entities the cluster stored in Azure Blob Storage (Azurite).</summary>
internal static class StoredCustomers
{
    /// <summary>Reads every customer document of the state container: state version and state, by customer id.</summary>
    public static async Task<Dictionary<string, (long StateVersion, Customer State)>> ReadAsync(string connectionString, string container)
    {
        var client = new BlobServiceClient(connectionString).GetBlobContainerClient(container);
        var customers = new Dictionary<string, (long, Customer)>(StringComparer.Ordinal);
        await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            var content = (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToArray();
            using var json = JsonDocument.Parse(content);
            if (!json.RootElement.TryGetProperty("state", out var document)
                || !document.TryGetProperty("state", out var state)
                || !state.TryGetProperty("knownDevices", out _))
            {
                continue;
            }

            // The blob is {grain type}/{state name}/{escaped entity id}.json.
            var id = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(item.Name.Split('/')[^1]));
            customers[id] = (document.GetProperty("stateVersion").GetInt64(), state.Deserialize<Customer>(ReactorJson.Options)!);
        }

        return customers;
    }
}
