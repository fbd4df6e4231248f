using Azure;
using Azure.Storage.Blobs;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Runs a blob operation and, when its container does not exist yet, creates the container and runs it once more.</summary>
internal static class ContainerCreation
{
    /// <summary>The error code Azure Storage returns for an operation in a missing container.</summary>
    public const string ContainerNotFound = "ContainerNotFound";

    /// <summary>Runs <paramref name="operation"/>, creating the container first when it is missing.</summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="container">The container.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The operation's result.</returns>
    public static async Task<T> RunAsync<T>(BlobContainerClient container, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
    }
}
