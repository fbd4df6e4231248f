using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Reactor.Runtime.Persistence;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>
/// Stores grain state as one block blob per grain type, state name and grain key, holding the shared
/// <see cref="StateDocument"/> envelope (optionally compressed). Writes are conditional on the blob's ETag
/// (<c>If-Match</c>, or <c>If-None-Match: *</c> to create), so of two activations holding the same ETag exactly
/// one succeeds and the other gets an <see cref="InconsistentStateException"/>.
/// </summary>
/// <remarks>
/// Each read, write and clear is one request in the common case; the container is created on first use, when an
/// operation reports it missing. Transient failures are retried by the Azure SDK's pipeline (its retry options).
/// </remarks>
internal sealed partial class AzureBlobGrainStorage : IGrainStorage, IStateDocumentStorage
{
    private const string ContentType = "application/json";

    private readonly string _name;
    private readonly AzureBlobGrainStorageOptions _options;
    private readonly BlobContainerClient _container;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AzureBlobGrainStorage"/> class.</summary>
    /// <param name="name">The provider name.</param>
    /// <param name="options">The provider options, validated.</param>
    /// <param name="container">The container client.</param>
    /// <param name="activatorProvider">Creates default state instances.</param>
    /// <param name="logger">The logger.</param>
    public AzureBlobGrainStorage(string name, AzureBlobGrainStorageOptions options, BlobContainerClient container, IActivatorProvider activatorProvider, ILogger<AzureBlobGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _container = container;
        _activatorProvider = activatorProvider;
        _logger = logger;
    }

    /// <summary>Gets the container client.</summary>
    public BlobContainerClient Container => _container;

    /// <summary>Gets the name of the blob that stores one state of one grain.</summary>
    /// <param name="stateName">The state name.</param>
    /// <param name="grainId">The grain id.</param>
    /// <returns>The blob name inside the container.</returns>
    public string GetBlobName(string stateName, GrainId grainId) =>
        _options.BlobNameBuilder?.Invoke(stateName, grainId) ?? AzureBlobNames.ForState(stateName, grainId);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blobName = GetBlobName(stateName, grainId);
        BlobDownloadResult download;
        try
        {
            download = (await _container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            grainState.State = CreateDefault<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        StoredState<T> stored;
        try
        {
            var document = StateEncoding.Decode(download.Content.ToMemory(), download.Details.ContentEncoding);
            stored = StateDocument.Deserialize<T>(document, _options.JsonSerializerOptions, _options.SchemaUpgrades);
        }
        catch (Exception ex) when (ex is InvalidStateDocumentException or InvalidDataException)
        {
            var location = Describe(blobName);
            LogCorruptBlob(_name, location, ex);
            throw new CorruptStateBlobException(location, ex.Message, ex);
        }

        grainState.State = stored.HasState && stored.State is not null ? stored.State : CreateDefault<T>();
        grainState.ETag = download.Details.ETag.ToString();
        grainState.RecordExists = stored.HasState;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var blobName = GetBlobName(stateName, grainId);
        var document = StateDocument.Serialize(grainState.State, _options.JsonSerializerOptions, _options.SchemaUpgrades);
        var etag = await UploadAsync("write", blobName, document, grainState.ETag, cancellationToken).ConfigureAwait(false);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var blobName = GetBlobName(stateName, grainId);
        var expected = NullIfEmpty(grainState.ETag);
        string? etag = null;
        if (!_options.DeleteStateOnClear)
        {
            etag = await UploadAsync("clear", blobName, StateDocument.SerializeCleared(), expected, cancellationToken).ConfigureAwait(false);
        }
        else if (expected is null)
        {
            // Nothing is expected to be stored: deleting is a no-op, but a stored record means another activation wrote it.
            var stored = await GetStoredETagAsync(blobName, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                throw Conflict("clear", blobName, stored, null, null);
            }
        }
        else
        {
            try
            {
                await _container.GetBlobClient(blobName)
                    .DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = new ETag(expected) }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                throw Conflict("clear", blobName, await GetStoredETagAsync(blobName, cancellationToken).ConfigureAwait(false), expected, ex);
            }
        }

        grainState.State = CreateDefault<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private async Task<string> UploadAsync(string operation, string blobName, byte[] document, string? expectedETag, CancellationToken cancellationToken)
    {
        expectedETag = NullIfEmpty(expectedETag);
        var blob = _container.GetBlobClient(blobName);
        var upload = new BlobUploadOptions
        {
            Conditions = expectedETag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(expectedETag) },
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentType, ContentEncoding = StateEncoding.GetContentEncoding(_options.Compression) },
        };
        var content = BinaryData.FromBytes(StateEncoding.Encode(document, _options.Compression));
        try
        {
            var response = await ContainerCreation.RunAsync(_container, () => blob.UploadAsync(content, upload, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && ex.ErrorCode != ContainerCreation.ContainerNotFound)
        {
            throw Conflict(operation, blobName, await GetStoredETagAsync(blobName, cancellationToken).ConfigureAwait(false), expectedETag, ex);
        }
    }

    private async Task<string?> GetStoredETagAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await _container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private InconsistentStateException Conflict(string operation, string blobName, string? stored, string? expected, Exception? inner)
    {
        var location = Describe(blobName);
        LogETagConflict(_name, operation, location, expected, stored);
        var message = expected is null
            ? $"AzureBlob grain storage '{_name}': {operation} of blob '{location}' expected no stored record (create), but one exists with ETag {stored}. Another activation wrote this state."
            : $"AzureBlob grain storage '{_name}': {operation} of blob '{location}' expected ETag {expected}, but the stored ETag is {stored ?? "none (the record was deleted)"}. Another activation changed this state.";
        return inner is null ? new InconsistentStateException(message, stored, expected) : new InconsistentStateException(message, stored, expected, inner);
    }

    private string Describe(string blobName) => $"{_container.Name}/{blobName}";

    private T CreateDefault<T>() => _activatorProvider.GetActivator<T>().Create();

    private static string? NullIfEmpty(string? etag) => string.IsNullOrEmpty(etag) ? null : etag;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "AzureBlob grain storage {Name}: ETag conflict on {Operation} of {Blob}: expected {Expected}, stored {Stored}")]
    private partial void LogETagConflict(string name, string operation, string blob, string? expected, string? stored);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "AzureBlob grain storage {Name}: the state blob {Blob} cannot be read and was left untouched")]
    private partial void LogCorruptBlob(string name, string blob, Exception exception);
}
