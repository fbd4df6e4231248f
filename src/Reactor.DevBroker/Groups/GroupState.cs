namespace Reactor.DevBroker.Groups;

/// <summary>Lists the states of a classic consumer group.</summary>
internal enum GroupState
{
    /// <summary>No members; committed offsets may remain.</summary>
    Empty,

    /// <summary>Waiting for members to (re)join.</summary>
    PreparingRebalance,

    /// <summary>Joined; waiting for the leader's SyncGroup with the assignments.</summary>
    CompletingRebalance,

    /// <summary>Every member has its assignment.</summary>
    Stable,

    /// <summary>Unknown to the coordinator.</summary>
    Dead,
}
