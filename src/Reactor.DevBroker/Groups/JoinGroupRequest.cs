namespace Reactor.DevBroker.Groups;

/// <summary>Carries a decoded JoinGroup request.</summary>
/// <param name="GroupId">The group id.</param>
/// <param name="SessionTimeoutMs">The member's session timeout.</param>
/// <param name="RebalanceTimeoutMs">The member's rebalance timeout.</param>
/// <param name="MemberId">The member id, empty for a new member.</param>
/// <param name="GroupInstanceId">The static instance id, if any.</param>
/// <param name="ProtocolType">The protocol type, "consumer" for consumers.</param>
/// <param name="Protocols">The supported protocols in preference order.</param>
/// <param name="RequireKnownMemberId">Whether a new member must first obtain its id (v4+).</param>
/// <param name="ClientId">The client id from the request header.</param>
/// <param name="ClientHost">The client's address.</param>
internal sealed record JoinGroupRequest(
    string GroupId,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<GroupProtocol> Protocols,
    bool RequireKnownMemberId,
    string ClientId,
    string ClientHost);
