using Microsoft.Extensions.Logging;

namespace Reactor.DevBroker;

/// <summary>Defines the broker's log messages as source-generated methods.</summary>
internal static partial class BrokerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Kafka dev broker listening on {BootstrapServers}, data in {DataDirectory}")]
    public static partial void Listening(ILogger logger, string bootstrapServers, string dataDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Kafka dev broker on {BootstrapServers} stopped")]
    public static partial void Stopped(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Request {ApiKey} v{ApiVersion} correlation {CorrelationId} from {ClientId} at {Remote}")]
    public static partial void Request(ILogger logger, Protocol.ApiKey apiKey, short apiVersion, int correlationId, string? clientId, string remote);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection from {Remote} opened")]
    public static partial void ConnectionOpened(ILogger logger, string remote);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Connection from {Remote} closed")]
    public static partial void ConnectionClosed(ILogger logger, string remote);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Closing connection from {Remote}: malformed request ({Problem})")]
    public static partial void MalformedRequest(ILogger logger, string remote, string problem);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Closing connection from {Remote}: frame of {Size} bytes is outside 1..{MaxFrameBytes}")]
    public static partial void BadFrameSize(ILogger logger, string remote, int size, int maxFrameBytes);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Closing connection from {Remote}: unknown API key {ApiKey} (version {ApiVersion})")]
    public static partial void UnknownApiKey(ILogger logger, string remote, short apiKey, short apiVersion);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Closing connection from {Remote}: {ApiKey} v{ApiVersion} is not supported (supported v{MinVersion}-v{MaxVersion})")]
    public static partial void UnsupportedVersion(ILogger logger, string remote, short apiKey, short apiVersion, short minVersion, short maxVersion);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "Connection from {Remote} failed")]
    public static partial void ConnectionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    public static partial void CreatedTopic(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Deleted topic {Topic}")]
    public static partial void DeletedTopic(ILogger logger, string topic);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Loaded topic {Topic} with {Partitions} partitions")]
    public static partial void LoadedTopic(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Ignoring directory {Directory}: its partition directories are not 0..n-1")]
    public static partial void SkippedTopicDirectory(ILogger logger, string directory);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Segment {Path} had a torn or corrupt tail: truncated from {FileLength} to {ValidLength} bytes")]
    public static partial void TruncatedSegment(ILogger logger, string path, long fileLength, long validLength);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Committed-offsets file {Path} had a torn or corrupt tail: kept {ValidLength} of {FileLength} bytes")]
    public static partial void TruncatedOffsets(ILogger logger, string path, long fileLength, long validLength);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Retention deleted {Segments} segments of {Topic}-{Partition}; log start offset is now {LogStartOffset}")]
    public static partial void RetentionDeleted(ILogger logger, string topic, int partition, int segments, long logStartOffset);

    [LoggerMessage(EventId = 27, Level = LogLevel.Warning, Message = "Could not delete {Path}")]
    public static partial void DeleteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 28, Level = LogLevel.Error, Message = "Background maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 29, Level = LogLevel.Error, Message = "Writing appended data of {Topic}-{Partition} to its segment file failed; it stays in memory and is retried")]
    public static partial void SegmentWriteFailed(ILogger logger, string topic, int partition, Exception exception);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Group {GroupId} generation {Generation} formed with {Members} members, protocol {Protocol}")]
    public static partial void GroupRebalanced(ILogger logger, string groupId, int generation, int members, string protocol);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Group {GroupId} removed member {MemberId}: {Reason}")]
    public static partial void MemberRemoved(ILogger logger, string groupId, string memberId, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "Group {GroupId} is rebalancing: {Reason}")]
    public static partial void RebalanceStarted(ILogger logger, string groupId, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "Could not create topic {Topic} in the data directory")]
    public static partial void CreateTopicFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 34, Level = LogLevel.Error, Message = "Closing connection from {Remote}: a request failed on the data directory")]
    public static partial void StorageFailed(ILogger logger, string remote, Exception exception);
}
