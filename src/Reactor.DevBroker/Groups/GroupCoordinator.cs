using Microsoft.Extensions.Logging;
using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Groups;

/// <summary>Runs classic consumer groups: join, sync, heartbeat, leave, session expiry and rebalances.</summary>
/// <remarks>
/// One lock guards every group: group traffic is light next to produce and fetch. Parked JoinGroup and
/// SyncGroup responses are completed from inside the lock with continuations that run asynchronously.
/// </remarks>
internal sealed class GroupCoordinator
{
    private const string ConsumerProtocolType = "consumer";

    // A ConsumerProtocol assignment with version 0, no partitions and empty user data: members that the
    // leader left out must get this rather than zero bytes, which some clients cannot decode.
    private static readonly byte[] EmptyConsumerAssignment = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly DevBrokerOptions _options;
    private readonly OffsetStore _offsets;
    private readonly ILogger _logger;
    private bool _stopped;

    /// <summary>Creates the coordinator.</summary>
    public GroupCoordinator(DevBrokerOptions options, OffsetStore offsets, ILogger logger)
    {
        _options = options;
        _offsets = offsets;
        _logger = logger;
    }

    /// <summary>Handles JoinGroup; the returned task completes when the rebalance does.</summary>
    public Task<JoinGroupResult> JoinAsync(JoinGroupRequest request)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.CoordinatorNotAvailable, request.MemberId));
            }

            if (string.IsNullOrEmpty(request.GroupId))
            {
                return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.InvalidGroupId, request.MemberId));
            }

            if (request.SessionTimeoutMs < _options.GroupMinSessionTimeout.TotalMilliseconds
                || request.SessionTimeoutMs > _options.GroupMaxSessionTimeout.TotalMilliseconds)
            {
                return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.InvalidSessionTimeout, request.MemberId));
            }

            var group = GetOrCreate(request.GroupId);
            if (request.Protocols.Count == 0 || string.IsNullOrEmpty(request.ProtocolType) || !IsCompatible(group, request))
            {
                return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.InconsistentGroupProtocol, request.MemberId));
            }

            var now = Environment.TickCount64;
            var memberId = request.MemberId;
            if (memberId.Length == 0)
            {
                memberId = $"{(string.IsNullOrEmpty(request.ClientId) ? "member" : request.ClientId)}-{Guid.NewGuid()}";
                if (request.RequireKnownMemberId)
                {
                    group.PendingMemberIds[memberId] = now + request.SessionTimeoutMs;
                    return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.MemberIdRequired, memberId));
                }
            }
            else if (!group.Members.ContainsKey(memberId) && !group.PendingMemberIds.Remove(memberId))
            {
                return Task.FromResult(JoinGroupResult.Failed(KafkaErrorCode.UnknownMemberId, memberId));
            }

            if (!group.Members.TryGetValue(memberId, out var member))
            {
                member = new GroupMember(memberId);
                group.Members.Add(memberId, member);
            }

            member.GroupInstanceId = request.GroupInstanceId;
            member.ClientId = request.ClientId;
            member.ClientHost = request.ClientHost;
            member.SessionTimeoutMs = request.SessionTimeoutMs;
            member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
            member.Protocols = request.Protocols;
            member.LastSeen = now;
            group.ProtocolType = request.ProtocolType;

            // A retried join replaces the earlier one, whose connection is most likely gone.
            member.PendingJoin?.TrySetResult(JoinGroupResult.Failed(KafkaErrorCode.RebalanceInProgress, memberId));
            var pending = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            member.PendingJoin = pending;
            if (group.State != GroupState.PreparingRebalance)
            {
                StartRebalance(group, $"member {memberId} joined", now);
            }

            MaybeCompleteJoin(group, now);
            return pending.Task;
        }
    }

    /// <summary>Handles SyncGroup; a follower's task completes when the leader's assignments arrive.</summary>
    public Task<SyncGroupResult> SyncAsync(string groupId, int generation, string memberId, IReadOnlyDictionary<string, byte[]> assignments)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || !group.Members.TryGetValue(memberId, out var member))
            {
                return Task.FromResult(new SyncGroupResult(KafkaErrorCode.UnknownMemberId, []));
            }

            if (generation != group.Generation)
            {
                return Task.FromResult(new SyncGroupResult(KafkaErrorCode.IllegalGeneration, []));
            }

            member.LastSeen = Environment.TickCount64;
            switch (group.State)
            {
                case GroupState.Stable:
                    return Task.FromResult(new SyncGroupResult(KafkaErrorCode.None, member.Assignment));
                case GroupState.CompletingRebalance when memberId == group.LeaderId:
                    var empty = group.ProtocolType == ConsumerProtocolType ? EmptyConsumerAssignment : [];
                    foreach (var m in group.Members.Values)
                    {
                        m.Assignment = assignments.TryGetValue(m.MemberId, out var assignment) ? assignment : empty;
                    }

                    group.State = GroupState.Stable;
                    foreach (var m in group.Members.Values)
                    {
                        var parked = m.PendingSync;
                        m.PendingSync = null;
                        m.LastSeen = Environment.TickCount64;
                        parked?.TrySetResult(new SyncGroupResult(KafkaErrorCode.None, m.Assignment));
                    }

                    return Task.FromResult(new SyncGroupResult(KafkaErrorCode.None, member.Assignment));
                case GroupState.CompletingRebalance:
                    member.PendingSync?.TrySetResult(new SyncGroupResult(KafkaErrorCode.RebalanceInProgress, []));
                    var pending = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    member.PendingSync = pending;
                    return pending.Task;
                default:
                    return Task.FromResult(new SyncGroupResult(KafkaErrorCode.RebalanceInProgress, []));
            }
        }
    }

    /// <summary>Handles Heartbeat: refreshes the session and tells the member whether to rejoin.</summary>
    public KafkaErrorCode Heartbeat(string groupId, int generation, string memberId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || !group.Members.TryGetValue(memberId, out var member))
            {
                return KafkaErrorCode.UnknownMemberId;
            }

            member.LastSeen = Environment.TickCount64;
            if (generation != group.Generation)
            {
                return KafkaErrorCode.IllegalGeneration;
            }

            return group.State == GroupState.PreparingRebalance ? KafkaErrorCode.RebalanceInProgress : KafkaErrorCode.None;
        }
    }

    /// <summary>Handles LeaveGroup.</summary>
    public KafkaErrorCode Leave(string groupId, string memberId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || !group.Members.TryGetValue(memberId, out var member))
            {
                return KafkaErrorCode.UnknownMemberId;
            }

            RemoveMember(group, member, "left the group", Environment.TickCount64);
            return KafkaErrorCode.None;
        }
    }

    /// <summary>Checks that an OffsetCommit comes from a current member (or from a client not in the group).</summary>
    public KafkaErrorCode ValidateCommit(string groupId, int generation, string memberId)
    {
        lock (_lock)
        {
            if (generation < 0 && memberId.Length == 0)
            {
                return KafkaErrorCode.None;
            }

            if (!_groups.TryGetValue(groupId, out var group) || !group.Members.TryGetValue(memberId, out var member))
            {
                return KafkaErrorCode.UnknownMemberId;
            }

            if (generation != group.Generation)
            {
                return KafkaErrorCode.IllegalGeneration;
            }

            member.LastSeen = Environment.TickCount64;
            return group.State == GroupState.CompletingRebalance ? KafkaErrorCode.RebalanceInProgress : KafkaErrorCode.None;
        }
    }

    /// <summary>Describes a group; an unknown group is "Dead", one with only committed offsets "Empty".</summary>
    public GroupDescription Describe(string groupId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(groupId, out var group) || group.Members.Count == 0)
            {
                var hasOffsets = _offsets.GetAll(groupId).Count > 0;
                return new GroupDescription(
                    groupId,
                    group is not null || hasOffsets ? "Empty" : "Dead",
                    group?.ProtocolType ?? (hasOffsets ? ConsumerProtocolType : string.Empty),
                    string.Empty,
                    []);
            }

            var members = group.Members.Values
                .Select(m => new GroupMemberDescription(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.MetadataFor(group.ProtocolName), m.Assignment))
                .ToList();
            return new GroupDescription(groupId, group.State.ToString(), group.ProtocolType ?? string.Empty, group.ProtocolName ?? string.Empty, members);
        }
    }

    /// <summary>Lists every group with members or committed offsets.</summary>
    public IReadOnlyList<(string GroupId, string ProtocolType)> List()
    {
        lock (_lock)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var groupId in _offsets.Groups)
            {
                result[groupId] = ConsumerProtocolType;
            }

            foreach (var group in _groups.Values)
            {
                if (group.Members.Count > 0 || result.ContainsKey(group.GroupId))
                {
                    result[group.GroupId] = group.ProtocolType ?? ConsumerProtocolType;
                }
            }

            return [.. result.Select(kv => (kv.Key, kv.Value))];
        }
    }

    /// <summary>Expires sessions and completes rebalances whose wait is over; called on a short timer.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            var now = Environment.TickCount64;
            foreach (var group in _groups.Values)
            {
                foreach (var (id, expiry) in group.PendingMemberIds.ToList())
                {
                    if (expiry < now)
                    {
                        group.PendingMemberIds.Remove(id);
                    }
                }

                foreach (var member in group.Members.Values.ToList())
                {
                    if (member.PendingJoin is null && member.PendingSync is null && now - member.LastSeen > member.SessionTimeoutMs)
                    {
                        RemoveMember(group, member, "session expired", now);
                    }
                }

                MaybeCompleteJoin(group, now);
            }
        }
    }

    /// <summary>Fails every parked request; used when the broker stops.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            foreach (var member in _groups.Values.SelectMany(g => g.Members.Values))
            {
                member.PendingJoin?.TrySetResult(JoinGroupResult.Failed(KafkaErrorCode.CoordinatorNotAvailable, member.MemberId));
                member.PendingSync?.TrySetResult(new SyncGroupResult(KafkaErrorCode.CoordinatorNotAvailable, []));
            }
        }
    }

    private static bool IsCompatible(ConsumerGroup group, JoinGroupRequest request)
    {
        var others = group.Members.Values.Where(m => m.MemberId != request.MemberId).ToList();
        if (others.Count == 0)
        {
            return true;
        }

        return group.ProtocolType == request.ProtocolType
            && request.Protocols.Any(p => others.All(m => m.Protocols.Any(mp => mp.Name == p.Name)));
    }

    private static string SelectProtocol(ConsumerGroup group)
    {
        var members = group.Members.Values.ToList();
        var candidates = members[0].Protocols.Select(p => p.Name)
            .Where(name => members.All(m => m.Protocols.Any(p => p.Name == name)))
            .ToList();

        // Each member votes for the first candidate in its own preference order.
        return candidates
            .Select(name => (Name: name, Votes: members.Count(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name == name)))
            .OrderByDescending(c => c.Votes)
            .First().Name;
    }

    private ConsumerGroup GetOrCreate(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
        {
            group = new ConsumerGroup(groupId);
            _groups[groupId] = group;
        }

        return group;
    }

    private void StartRebalance(ConsumerGroup group, string reason, long now)
    {
        BrokerLog.RebalanceStarted(_logger, group.GroupId, reason);
        foreach (var member in group.Members.Values)
        {
            var parked = member.PendingSync;
            member.PendingSync = null;
            parked?.TrySetResult(new SyncGroupResult(KafkaErrorCode.RebalanceInProgress, []));
        }

        var wasEmpty = group.State == GroupState.Empty;
        group.State = GroupState.PreparingRebalance;
        group.RebalanceDeadline = now + group.Members.Values.Select(m => (long)m.RebalanceTimeoutMs).DefaultIfEmpty(0).Max();
        group.InitialDelayDeadline = wasEmpty ? now + (long)_options.GroupInitialRebalanceDelay.TotalMilliseconds : 0;
    }

    private void MaybeCompleteJoin(ConsumerGroup group, long now)
    {
        if (group.State != GroupState.PreparingRebalance || now < group.InitialDelayDeadline)
        {
            return;
        }

        if (group.Members.Values.Any(m => m.PendingJoin is null) && now < group.RebalanceDeadline)
        {
            return;
        }

        foreach (var member in group.Members.Values.Where(m => m.PendingJoin is null).ToList())
        {
            group.Members.Remove(member.MemberId);
            BrokerLog.MemberRemoved(_logger, group.GroupId, member.MemberId, "did not rejoin within the rebalance timeout");
        }

        group.Generation++;
        if (group.Members.Count == 0)
        {
            group.State = GroupState.Empty;
            group.ProtocolName = null;
            group.LeaderId = null;
            return;
        }

        group.ProtocolName = SelectProtocol(group);
        if (group.LeaderId is null || !group.Members.ContainsKey(group.LeaderId))
        {
            group.LeaderId = group.Members.GetAt(0).Key;
        }

        group.State = GroupState.CompletingRebalance;
        var all = group.Members.Values
            .Select(m => new JoinGroupMember(m.MemberId, m.GroupInstanceId, m.MetadataFor(group.ProtocolName)))
            .ToList();
        foreach (var member in group.Members.Values)
        {
            member.Assignment = [];
            member.LastSeen = now;
            var pending = member.PendingJoin;
            member.PendingJoin = null;
            pending?.TrySetResult(new JoinGroupResult(
                KafkaErrorCode.None,
                group.Generation,
                group.ProtocolName,
                group.LeaderId,
                member.MemberId,
                member.MemberId == group.LeaderId ? all : []));
        }

        BrokerLog.GroupRebalanced(_logger, group.GroupId, group.Generation, group.Members.Count, group.ProtocolName);
    }

    private void RemoveMember(ConsumerGroup group, GroupMember member, string reason, long now)
    {
        group.Members.Remove(member.MemberId);
        BrokerLog.MemberRemoved(_logger, group.GroupId, member.MemberId, reason);
        member.PendingJoin?.TrySetResult(JoinGroupResult.Failed(KafkaErrorCode.UnknownMemberId, member.MemberId));
        member.PendingSync?.TrySetResult(new SyncGroupResult(KafkaErrorCode.UnknownMemberId, []));
        member.PendingJoin = null;
        member.PendingSync = null;
        if (group.LeaderId == member.MemberId)
        {
            group.LeaderId = null;
        }

        switch (group.State)
        {
            case GroupState.Stable or GroupState.CompletingRebalance when group.Members.Count == 0:
                group.Generation++;
                group.State = GroupState.Empty;
                group.ProtocolName = null;
                break;
            case GroupState.Stable or GroupState.CompletingRebalance:
                StartRebalance(group, $"member {member.MemberId} {reason}", now);
                break;
            case GroupState.PreparingRebalance:
                MaybeCompleteJoin(group, now);
                break;
        }
    }
}
