namespace Reactor.DevBroker.Groups;

/// <summary>Holds the coordinator's view of one group member.</summary>
/// <param name="memberId">The member id.</param>
internal sealed class GroupMember(string memberId)
{
    /// <summary>Gets the member id.</summary>
    public string MemberId { get; } = memberId;

    /// <summary>Gets or sets the static instance id.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>Gets or sets the client id.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the client's address.</summary>
    public string ClientHost { get; set; } = string.Empty;

    /// <summary>Gets or sets the session timeout in milliseconds.</summary>
    public int SessionTimeoutMs { get; set; }

    /// <summary>Gets or sets the rebalance timeout in milliseconds.</summary>
    public int RebalanceTimeoutMs { get; set; }

    /// <summary>Gets or sets the supported protocols in preference order.</summary>
    public IReadOnlyList<GroupProtocol> Protocols { get; set; } = [];

    /// <summary>Gets or sets the current assignment.</summary>
    public byte[] Assignment { get; set; } = [];

    /// <summary>Gets or sets when the member was last heard from (<see cref="Environment.TickCount64"/>).</summary>
    public long LastSeen { get; set; }

    /// <summary>Gets or sets the parked JoinGroup response, while the member waits for the rebalance.</summary>
    public TaskCompletionSource<JoinGroupResult>? PendingJoin { get; set; }

    /// <summary>Gets or sets the parked SyncGroup response, while a follower waits for the leader.</summary>
    public TaskCompletionSource<SyncGroupResult>? PendingSync { get; set; }

    /// <summary>Finds the metadata for <paramref name="protocol"/>.</summary>
    public byte[] MetadataFor(string? protocol) =>
        Protocols.FirstOrDefault(p => p.Name == protocol)?.Metadata ?? [];
}
