using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Groups;

/// <summary>Carries a JoinGroup response.</summary>
/// <param name="Error">The error, or <see cref="KafkaErrorCode.None"/>.</param>
/// <param name="Generation">The new generation, -1 on error.</param>
/// <param name="ProtocolName">The chosen protocol, empty on error.</param>
/// <param name="LeaderId">The leader's member id.</param>
/// <param name="MemberId">The receiving member's id.</param>
/// <param name="Members">Every member for the leader; empty for followers.</param>
internal sealed record JoinGroupResult(KafkaErrorCode Error, int Generation, string ProtocolName, string LeaderId, string MemberId, IReadOnlyList<JoinGroupMember> Members)
{
    /// <summary>Creates an error result.</summary>
    public static JoinGroupResult Failed(KafkaErrorCode error, string memberId = "") => new(error, -1, string.Empty, string.Empty, memberId, []);
}
