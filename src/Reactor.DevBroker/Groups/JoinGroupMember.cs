namespace Reactor.DevBroker.Groups;

/// <summary>Describes one member in the leader's JoinGroup response.</summary>
/// <param name="MemberId">The member id.</param>
/// <param name="GroupInstanceId">The static instance id, if any.</param>
/// <param name="Metadata">The member's metadata for the chosen protocol.</param>
internal sealed record JoinGroupMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
