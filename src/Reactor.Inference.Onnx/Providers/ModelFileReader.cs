using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Orleans.Configuration;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>Reads a model file's bytes from a local path or an Azure blob, with errors that name the setting to fix.</summary>
internal static class ModelFileReader
{
    public static bool IsBlob(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static async Task<byte[]> ReadAsync(string name, OnnxModelOptions options, CancellationToken cancellationToken)
    {
        var path = options.Path!;
        return IsBlob(path)
            ? await ReadBlobAsync(name, new Uri(path), options.BlobConnectionString, cancellationToken)
            : await ReadFileAsync(name, path, cancellationToken);
    }

    private static async Task<byte[]> ReadFileAsync(string name, string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            return await File.ReadAllBytesAsync(fullPath, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelLoadException($"Model '{name}': the file {fullPath} does not exist (set {Setting(name)}:Path).", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"Model '{name}': the file {fullPath} could not be read ({Setting(name)}:Path): {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadBlobAsync(string name, Uri uri, string? connectionString, CancellationToken cancellationToken)
    {
        BlobClient client;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            client = new BlobClient(uri, new DefaultAzureCredential());
        }
        else
        {
            var parts = new BlobUriBuilder(uri);
            client = new BlobClient(connectionString, parts.BlobContainerName, parts.BlobName);
        }

        try
        {
            var content = await client.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ModelLoadException($"Model '{name}': the blob {uri} does not exist (set {Setting(name)}:Path).", ex);
        }
        catch (RequestFailedException ex)
        {
            throw new ModelLoadException($"Model '{name}': the blob {uri} could not be read ({Setting(name)}:Path, {Setting(name)}:BlobConnectionString): {ex.Status} {ex.ErrorCode}.", ex);
        }
    }

    private static string Setting(string name) => $"{OnnxModelOptions.SectionName}:{name}";
}
