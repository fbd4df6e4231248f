namespace Reactor.DevBroker.Groups;

/// <summary>Describes a group for DescribeGroups.</summary>
/// <param name="GroupId">The group id.</param>
/// <param name="State">The state name as Kafka spells it.</param>
/// <param name="ProtocolType">The protocol type, empty if none.</param>
/// <param name="ProtocolName">The chosen protocol, empty if none.</param>
/// <param name="Members">The members.</param>
internal sealed record GroupDescription(string GroupId, string State, string ProtocolType, string ProtocolName, IReadOnlyList<GroupMemberDescription> Members);
