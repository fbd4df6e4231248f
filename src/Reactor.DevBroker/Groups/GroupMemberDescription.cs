namespace Reactor.DevBroker.Groups;

/// <summary>Describes one member for DescribeGroups.</summary>
/// <param name="MemberId">The member id.</param>
/// <param name="GroupInstanceId">The static instance id, if any.</param>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientHost">The client address.</param>
/// <param name="Metadata">The metadata for the chosen protocol.</param>
/// <param name="Assignment">The current assignment.</param>
internal sealed record GroupMemberDescription(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);
