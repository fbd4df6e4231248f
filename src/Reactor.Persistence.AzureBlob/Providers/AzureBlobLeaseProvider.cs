using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.LeaseProviders;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>
/// An Orleans <see cref="ILeaseProvider"/> on Azure blob leases, so <c>UseLeaseBasedQueueBalancer</c> keeps each
/// queue (Kafka partition) on one silo at a time. Each lease is an exclusive lease on the empty blob
/// <c>{category}/{resource key}</c>, created on first use; the lease id is the token.
/// </summary>
/// <remarks>
/// Azure grants leases of 15 to 60 seconds: a shorter request is granted 15 seconds (the holder keeps it a little
/// longer than it asked, which never lets two owners overlap), a longer one fails, since the holder would believe it
/// owns the queue after Azure let it go. A renewal succeeds while no one else has taken the lease, even after it
/// expired; a renewal or release with a token that no longer holds the lease returns <see cref="ResponseCode.InvalidToken"/>.
/// A failed result carries an <see cref="AcquiredLease"/> with only the resource key, as Orleans' balancer expects.
/// </remarks>
internal sealed partial class AzureBlobLeaseProvider : ILeaseProvider
{
    /// <summary>The shortest lease Azure grants.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(15);

    /// <summary>The longest finite lease Azure grants.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AzureBlobLeaseProvider"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="services">The host's services, to resolve a keyed client.</param>
    /// <param name="logger">The logger.</param>
    public AzureBlobLeaseProvider(IOptions<AzureBlobLeaseProviderOptions> options, IServiceProvider services, ILogger<AzureBlobLeaseProvider> logger)
    {
        AzureBlobLeaseProviderOptionsValidator.ThrowIfInvalid(options.Value);
        _container = AzureBlobConnection.CreateContainerClient(options.Value, services);
        _time = TimeProvider.System;
        _logger = logger;
    }

    /// <summary>Gets the container client.</summary>
    public BlobContainerClient Container => _container;

    /// <summary>Gets the name of the blob that carries one lease.</summary>
    /// <param name="category">The lease category.</param>
    /// <param name="resourceKey">The resource key.</param>
    /// <returns>The blob name.</returns>
    public static string GetBlobName(string category, string resourceKey) =>
        $"{AzureBlobNames.Escape(category)}/{AzureBlobNames.Escape(resourceKey)}";

    /// <inheritdoc />
    public Task<AcquireLeaseResult[]> Acquire(string category, LeaseRequest[] leaseRequests)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(leaseRequests);
        return Task.WhenAll(leaseRequests.Select(request => AcquireAsync(category, request)));
    }

    /// <inheritdoc />
    public Task<AcquireLeaseResult[]> Renew(string category, AcquiredLease[] aquiredLeases)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(aquiredLeases);
        return Task.WhenAll(aquiredLeases.Select(lease => RenewAsync(category, lease)));
    }

    /// <inheritdoc />
    public Task Release(string category, AcquiredLease[] aquiredLeases) => ReleaseLeasesAsync(category, aquiredLeases);

    /// <summary>Releases leases and reports, per lease, whether its token still held it.</summary>
    /// <param name="category">The lease category.</param>
    /// <param name="aquiredLeases">The leases.</param>
    /// <returns><see cref="ResponseCode.OK"/>, <see cref="ResponseCode.InvalidToken"/> or <see cref="ResponseCode.TransientFailure"/> per lease.</returns>
    public Task<ResponseCode[]> ReleaseLeasesAsync(string category, AcquiredLease[] aquiredLeases)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(aquiredLeases);
        return Task.WhenAll(aquiredLeases.Select(lease => ReleaseAsync(category, lease)));
    }

    private async Task<AcquireLeaseResult> AcquireAsync(string category, LeaseRequest request)
    {
        if (request.Duration > MaxDuration)
        {
            return new AcquireLeaseResult(
                new AcquiredLease(request.ResourceKey),
                ResponseCode.TransientFailure,
                new ArgumentOutOfRangeException(nameof(request), request.Duration, $"Azure blob leases last at most {MaxDuration.TotalSeconds} seconds; set LeaseBasedQueueBalancerOptions.LeaseLength to {MaxDuration.TotalSeconds} seconds or less."));
        }

        var duration = request.Duration < MinDuration ? MinDuration : TimeSpan.FromSeconds(Math.Ceiling(request.Duration.TotalSeconds));
        var blob = _container.GetBlobClient(GetBlobName(category, request.ResourceKey));
        var token = Guid.NewGuid().ToString();
        var lease = blob.GetBlobLeaseClient(token);

        // Counted from before the request, so the holder never believes it holds the lease longer than Azure does.
        var start = _time.GetUtcNow().UtcDateTime;
        try
        {
            try
            {
                await lease.AcquireAsync(duration).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await CreateLeaseBlobAsync(blob).ConfigureAwait(false);
                await lease.AcquireAsync(duration).ConfigureAwait(false);
            }

            return new AcquireLeaseResult(new AcquiredLease(request.ResourceKey, duration, token, start), ResponseCode.OK, null!);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return new AcquireLeaseResult(new AcquiredLease(request.ResourceKey), ResponseCode.LeaseNotAvailable, ex);
        }
        catch (RequestFailedException ex)
        {
            LogTransientFailure("acquire", category, request.ResourceKey, ex);
            return new AcquireLeaseResult(new AcquiredLease(request.ResourceKey), ResponseCode.TransientFailure, ex);
        }
    }

    private async Task<AcquireLeaseResult> RenewAsync(string category, AcquiredLease lease)
    {
        var start = _time.GetUtcNow().UtcDateTime;
        try
        {
            await _container.GetBlobClient(GetBlobName(category, lease.ResourceKey)).GetBlobLeaseClient(lease.Token).RenewAsync().ConfigureAwait(false);
            return new AcquireLeaseResult(new AcquiredLease(lease.ResourceKey, lease.Duration, lease.Token, start), ResponseCode.OK, null!);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return new AcquireLeaseResult(new AcquiredLease(lease.ResourceKey), ResponseCode.InvalidToken, ex);
        }
        catch (RequestFailedException ex)
        {
            LogTransientFailure("renew", category, lease.ResourceKey, ex);
            return new AcquireLeaseResult(new AcquiredLease(lease.ResourceKey), ResponseCode.TransientFailure, ex);
        }
    }

    private async Task<ResponseCode> ReleaseAsync(string category, AcquiredLease lease)
    {
        try
        {
            await _container.GetBlobClient(GetBlobName(category, lease.ResourceKey)).GetBlobLeaseClient(lease.Token).ReleaseAsync().ConfigureAwait(false);
            return ResponseCode.OK;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return ResponseCode.InvalidToken;
        }
        catch (RequestFailedException ex)
        {
            LogTransientFailure("release", category, lease.ResourceKey, ex);
            return ResponseCode.TransientFailure;
        }
    }

    private Task CreateLeaseBlobAsync(BlobClient blob) =>
        ContainerCreation.RunAsync(
            _container,
            async () =>
            {
                try
                {
                    await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    // Another owner created it first (or holds a lease on it already): the blob exists, which is all we need.
                }

                return true;
            },
            CancellationToken.None);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "AzureBlob lease provider: {Operation} of lease {Category}/{ResourceKey} failed")]
    private partial void LogTransientFailure(string operation, string category, string resourceKey, Exception exception);
}
