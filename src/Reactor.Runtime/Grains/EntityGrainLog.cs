using Microsoft.Extensions.Logging;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Grains;

/// <summary>Log messages of entity grains.</summary>
internal static partial class EntityGrainLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Event at {Position} dead-lettered ({Reason}): {Detail}")]
    public static partial void DeadLettered(ILogger logger, string position, DeadLetterReason reason, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Stream delivery error")]
    public static partial void StreamError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Entity {GrainId} found its stored state changed by another activation; deactivating without writing")]
    public static partial void StaleWrite(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Entity {GrainId} could not write its state; it stays dirty and the next flush retries")]
    public static partial void PersistFailed(ILogger logger, string grainId, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Action {Key} of entity {GrainId} failed: {Error}")]
    public static partial void ActionFailed(ILogger logger, string key, string grainId, string? error);
}
