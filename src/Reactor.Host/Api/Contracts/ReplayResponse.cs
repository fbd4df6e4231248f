using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Host.Api.Contracts;

/// <summary>A replay's progress.</summary>
/// <param name="Id">The replay's id (also the replay epoch of the events it replays).</param>
/// <param name="Target">Where the partitions started again.</param>
/// <param name="Topics">The rewound topics.</param>
/// <param name="EntityId">The rebuilt entity, or <see langword="null"/> for all.</param>
/// <param name="RequestedAt">When it was asked for.</param>
/// <param name="IsComplete">Whether every partition has replayed, durably, what it had read before.</param>
/// <param name="Progress">The fraction done, 0 to 1.</param>
/// <param name="ReplayedEvents">Events replayed durably so far.</param>
/// <param name="EventsToReplay">Events to replay, over the partitions that started.</param>
/// <param name="Partitions">Each partition's progress.</param>
public sealed record ReplayResponse(
    long Id,
    string Target,
    IReadOnlyList<string> Topics,
    string? EntityId,
    DateTimeOffset RequestedAt,
    bool IsComplete,
    double Progress,
    long ReplayedEvents,
    long EventsToReplay,
    IReadOnlyList<ReplayPartitionResponse> Partitions)
{
    internal static ReplayResponse From(KafkaRewindStatus status) => new(
        status.Id,
        status.Target.ToString(),
        status.Topics,
        status.EntityId,
        status.RequestedAt,
        status.IsComplete,
        status.Progress,
        status.ReplayedEvents,
        status.EventsToReplay,
        [.. status.Partitions.Select(p => new ReplayPartitionResponse(p.Topic, p.Partition, p.Started, p.From, p.End, p.Position, p.IsComplete))]);
}
