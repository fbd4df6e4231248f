namespace Reactor.DevBroker.Groups;

/// <summary>Holds one classic group's membership and rebalance state; guarded by the coordinator's lock.</summary>
/// <param name="groupId">The group id.</param>
internal sealed class ConsumerGroup(string groupId)
{
    /// <summary>Gets the group id.</summary>
    public string GroupId { get; } = groupId;

    /// <summary>Gets or sets the state.</summary>
    public GroupState State { get; set; } = GroupState.Empty;

    /// <summary>Gets or sets the generation.</summary>
    public int Generation { get; set; }

    /// <summary>Gets or sets the protocol type, null while empty.</summary>
    public string? ProtocolType { get; set; }

    /// <summary>Gets or sets the chosen protocol.</summary>
    public string? ProtocolName { get; set; }

    /// <summary>Gets or sets the leader's member id.</summary>
    public string? LeaderId { get; set; }

    /// <summary>Gets the members in join order.</summary>
    public OrderedDictionary<string, GroupMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets member ids handed out with MEMBER_ID_REQUIRED, with their expiry.</summary>
    public Dictionary<string, long> PendingMemberIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets when a rebalance gives up on members that have not rejoined.</summary>
    public long RebalanceDeadline { get; set; }

    /// <summary>Gets or sets the end of the initial delay of a group's first rebalance.</summary>
    public long InitialDelayDeadline { get; set; }
}
