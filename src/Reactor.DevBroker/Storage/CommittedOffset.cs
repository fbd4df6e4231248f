namespace Reactor.DevBroker.Storage;

/// <summary>Holds a consumer group's committed position in one partition.</summary>
/// <param name="Offset">The committed offset.</param>
/// <param name="LeaderEpoch">The committed leader epoch, -1 if unknown.</param>
/// <param name="Metadata">The client's metadata string, round-tripped as sent.</param>
internal sealed record CommittedOffset(long Offset, int LeaderEpoch, string? Metadata);
