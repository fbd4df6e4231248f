using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Runs a blob operation and, when its container does not exist yet, creates the container and runs it once more.</summary>
/// <remarks>
/// Concurrent operations of one process that find the same container missing share one creation request: many
/// grains writing at once into a new container would otherwise race to create it, and a storage emulator that
/// handles racing creations badly can drop blobs written in between.
/// </remarks>
internal static class ContainerCreation
{
    /// <summary>The error code Azure Storage returns for an operation in a missing container.</summary>
    public const string ContainerNotFound = "ContainerNotFound";

    private static readonly ConcurrentDictionary<Uri, Task> Pending = new();

    /// <summary>Runs <paramref name="operation"/>, creating the container first when it is missing.</summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="container">The container.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the wait for the creation.</param>
    /// <returns>The operation's result.</returns>
    public static async Task<T> RunAsync<T>(BlobContainerClient container, Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == ContainerNotFound)
        {
            await CreateAsync(container).WaitAsync(cancellationToken).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
    }

    private static Task CreateAsync(BlobContainerClient container)
    {
        var creation = Pending.GetOrAdd(container.Uri, _ => CreateOnceAsync(container));
        return creation;
    }

    private static async Task CreateOnceAsync(BlobContainerClient container)
    {
        try
        {
            // Yield first, so the task is in the dictionary before it can complete and remove itself.
            await Task.Yield();
            await container.CreateIfNotExistsAsync().ConfigureAwait(false);
        }
        finally
        {
            Pending.TryRemove(container.Uri, out _);
        }
    }
}
