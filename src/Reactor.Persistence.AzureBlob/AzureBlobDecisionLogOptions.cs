namespace Orleans.Configuration;

/// <summary>
/// Configures Reactor's Azure Blob decision log (<c>AddAzureBlobDecisionLog</c>): one append blob of JSON lines per
/// entity and time bucket, <c>{entity type}/{entity id}/{bucket start}.jsonl</c>.
/// </summary>
public sealed class AzureBlobDecisionLogOptions : AzureBlobConnectionOptions
{
    /// <summary>The default <see cref="ContainerName"/>.</summary>
    public const string DefaultContainerName = "decisions";

    /// <summary>The smallest accepted <see cref="BucketSize"/>.</summary>
    public static readonly TimeSpan MinBucketSize = TimeSpan.FromMinutes(1);

    /// <summary>The largest accepted <see cref="BucketSize"/>.</summary>
    public static readonly TimeSpan MaxBucketSize = TimeSpan.FromDays(366);

    /// <summary>Gets or sets the container that holds the decision blobs. Default: <c>decisions</c>.</summary>
    public override string ContainerName { get; set; } = DefaultContainerName;

    /// <summary>
    /// Gets or sets the span of decision time one blob covers, counted from the Unix epoch. Default: 1 day; between
    /// 1 minute and 366 days. A range read downloads every bucket the range touches, so smaller buckets make short
    /// ranges cheaper and long ranges dearer. Set it once per container: reads assume every bucket blob has this size.
    /// </summary>
    public TimeSpan BucketSize { get; set; } = TimeSpan.FromDays(1);
}
