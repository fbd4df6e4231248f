using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>
/// Stores decision records as JSON lines in append blobs, one per entity and time bucket:
/// <c>{entity type}/{entity id}/{bucket start}.jsonl</c> (segments escaped by <see cref="AzureBlobNames.Escape"/>,
/// the bucket start as <c>yyyyMMddTHHmmssZ</c>).
/// </summary>
/// <remarks>
/// An append is one Append Block request per bucket its records fall in (one, nearly always), whatever the number
/// of records, and is atomic: a block is stored whole or not at all. A read is one List Blobs request under the
/// entity's prefix plus one download per bucket the range touches. Blocks are never rewritten, so records are
/// immutable; a retried append stores a copy that reads skip (the first occurrence of an id wins). A bucket blob
/// that reaches Azure's 50,000-block limit continues in <c>{bucket start}.{n}.jsonl</c>.
/// </remarks>
internal sealed partial class AzureBlobDecisionLog : IDecisionLog
{
    /// <summary>The largest block Reactor appends (the service accepts 4 MiB on every API version).</summary>
    internal const int MaxBlockBytes = 4 * 1024 * 1024;

    private const string Extension = ".jsonl";
    private const string BucketFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly BlobContainerClient _container;
    private readonly TimeSpan _bucketSize;
    private readonly ILogger _logger;

    // The segment of each bucket blob known to be full, so later appends go straight to the next one.
    private readonly ConcurrentDictionary<string, int> _segments = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="AzureBlobDecisionLog"/> class.</summary>
    /// <param name="options">The options.</param>
    /// <param name="services">The host's services, to resolve a keyed client.</param>
    /// <param name="logger">The logger.</param>
    public AzureBlobDecisionLog(IOptions<AzureBlobDecisionLogOptions> options, IServiceProvider services, ILogger<AzureBlobDecisionLog> logger)
    {
        var value = options.Value;
        AzureBlobDecisionLogOptionsValidator.ThrowIfInvalid(value);
        _container = AzureBlobConnection.CreateContainerClient(value, services);
        _bucketSize = value.BucketSize;
        _logger = logger;
    }

    /// <summary>Gets the container client.</summary>
    public BlobContainerClient Container => _container;

    /// <summary>Gets the prefix under which one entity's bucket blobs are stored.</summary>
    /// <param name="entityType">The entity type.</param>
    /// <param name="entityId">The entity id.</param>
    /// <returns>The prefix, ending with <c>/</c>.</returns>
    public static string GetEntityPrefix(string entityType, string entityId) =>
        $"{AzureBlobNames.Escape(entityType)}/{AzureBlobNames.Escape(entityId)}/";

    /// <inheritdoc />
    public async Task AppendAsync(string entityType, string entityId, IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var prefix = GetEntityPrefix(entityType, entityId);
        var byBucket = records.GroupBy(r => BucketStart(r.DecidedAt)).ToList();
        foreach (var bucket in byBucket)
        {
            var content = DecisionLines.Serialize(entityType, entityId, [.. bucket]);
            foreach (var block in SplitIntoBlocks(content))
            {
                await AppendBlockAsync(prefix + bucket.Key.ToString(BucketFormat, CultureInfo.InvariantCulture), block, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecisionRecord>> ReadAsync(string entityType, string entityId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        ArgumentNullException.ThrowIfNull(entityId);
        if (from >= to)
        {
            return [];
        }

        var prefix = GetEntityPrefix(entityType, entityId);
        var blobs = new List<(DateTimeOffset Start, int Segment, string Name)>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
            {
                if (TryParseBucket(item.Name.AsSpan(prefix.Length), out var start, out var segment) && start < to && start + _bucketSize > from)
                {
                    blobs.Add((start, segment, item.Name));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == ContainerCreation.ContainerNotFound)
        {
            return [];
        }

        // Oldest bucket first, then segments in order: that is append order for the records of one bucket.
        blobs.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Segment.CompareTo(b.Segment));
        var contents = await Task.WhenAll(blobs.Select(async b =>
            (b.Name, Content: (await _container.GetBlobClient(b.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content))).ConfigureAwait(false);
        var records = new List<DecisionRecord>();
        foreach (var (name, content) in contents)
        {
            DecisionLines.Parse(content.ToMemory().Span, records, (line, _, reason) => LogUnreadableLine(_container.Name, name, line, reason));
        }

        return DecisionLines.Select(records, from, to);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitIntoBlocks(byte[] content)
    {
        var start = 0;
        while (start < content.Length)
        {
            var length = content.Length - start;
            if (length > MaxBlockBytes)
            {
                // Cut after the last newline that fits, so each block holds whole lines.
                var cut = Array.LastIndexOf(content, (byte)'\n', start + MaxBlockBytes - 1, MaxBlockBytes);
                if (cut < start)
                {
                    throw new ArgumentException($"A decision record is larger than {MaxBlockBytes} bytes, the largest block the decision log appends.");
                }

                length = cut + 1 - start;
            }

            yield return content.AsMemory(start, length);
            start += length;
        }
    }

    private async Task AppendBlockAsync(string bucketName, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        while (true)
        {
            var segment = _segments.GetValueOrDefault(bucketName);
            var blob = _container.GetAppendBlobClient(segment == 0 ? bucketName + Extension : $"{bucketName}.{segment}{Extension}");
            try
            {
                await AppendCreatingAsync(blob, block, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == "BlockCountExceedsLimit")
            {
                _segments.AddOrUpdate(bucketName, segment + 1, (_, known) => Math.Max(known, segment + 1));
            }
        }
    }

    private async Task AppendCreatingAsync(AppendBlobClient blob, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        try
        {
            await AppendAsync(blob, block, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The first append to a bucket (or to the container) creates it; create-if-missing never truncates.
            await ContainerCreation.RunAsync(_container, () => blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            await AppendAsync(blob, block, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AppendAsync(AppendBlobClient blob, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(block.ToArray(), writable: false);
        await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private DateTimeOffset BucketStart(DateTimeOffset decidedAt)
    {
        var ticks = decidedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var bucket = ticks >= 0 ? ticks / _bucketSize.Ticks : ((ticks + 1) / _bucketSize.Ticks) - 1;

        // Floor division, clamped so the first bucket of year 1 starts at DateTimeOffset.MinValue.
        return DateTimeOffset.UnixEpoch.AddTicks(Math.Max(bucket * _bucketSize.Ticks, -DateTimeOffset.UnixEpoch.UtcTicks));
    }

    private static bool TryParseBucket(ReadOnlySpan<char> name, out DateTimeOffset start, out int segment)
    {
        start = default;
        segment = 0;
        if (!name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        name = name[..^Extension.Length];
        var dot = name.IndexOf('.');
        if (dot >= 0)
        {
            if (!int.TryParse(name[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out segment))
            {
                return false;
            }

            name = name[..dot];
        }

        return DateTimeOffset.TryParseExact(name, BucketFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start);
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "AzureBlob decision log {Container}/{Blob}: skipped unreadable line {LineNumber}: {Reason}")]
    private partial void LogUnreadableLine(string container, string blob, int lineNumber, string reason);
}
