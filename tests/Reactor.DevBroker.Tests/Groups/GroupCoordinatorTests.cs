using Microsoft.Extensions.Logging.Abstractions;
using Reactor.DevBroker.Groups;
using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;
using Reactor.DevBroker.Tests.Support;
using Xunit;

namespace Reactor.DevBroker.Tests.Groups;

public sealed class GroupCoordinatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("devbroker-groups-").FullName;
    private readonly OffsetStore _offsets;
    private readonly GroupCoordinator _coordinator;

    public GroupCoordinatorTests()
    {
        _offsets = new OffsetStore(_directory, NullLogger.Instance);
        _offsets.Load();
        var options = new DevBrokerOptions
        {
            GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(200),
            GroupMinSessionTimeout = TimeSpan.FromMilliseconds(10),
        };
        _coordinator = new GroupCoordinator(options, _offsets, NullLogger.Instance);
    }

    [Fact]
    public async Task Join_V4WithoutMemberId_AnswersMemberIdRequired_ThenAcceptsThatId()
    {
        var first = await _coordinator.JoinAsync(Request("g", string.Empty));
        Assert.Equal(KafkaErrorCode.MemberIdRequired, first.Error);
        Assert.NotEmpty(first.MemberId);

        var joined = await JoinAndTickAsync(Request("g", first.MemberId));
        Assert.Equal(KafkaErrorCode.None, joined.Error);
        Assert.Equal(1, joined.Generation);
        Assert.Equal(first.MemberId, joined.LeaderId);
        Assert.Equal("range", joined.ProtocolName);
        Assert.Single(joined.Members);

        var unknown = await _coordinator.JoinAsync(Request("g", "never-issued"));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, unknown.Error);
    }

    [Fact]
    public async Task Sync_FollowerWaitsForLeader_AndUnassignedMemberGetsEmptyConsumerAssignment()
    {
        var (leader, follower) = await JoinTwoAsync("g");
        var followerSync = _coordinator.SyncAsync("g", leader.Generation, follower.MemberId, new Dictionary<string, byte[]>());
        Assert.False(followerSync.IsCompleted, "the follower's SyncGroup must wait for the leader's");

        var leaderAssignment = new byte[] { 0, 0, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
        var leaderSync = await _coordinator.SyncAsync("g", leader.Generation, leader.MemberId, new Dictionary<string, byte[]> { [leader.MemberId] = leaderAssignment });
        Assert.Equal(leaderAssignment, leaderSync.Assignment);

        var released = await followerSync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(KafkaErrorCode.None, released.Error);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, released.Assignment);
        Assert.Equal(KafkaErrorCode.None, _coordinator.Heartbeat("g", leader.Generation, follower.MemberId));
    }

    [Fact]
    public async Task Leave_TriggersRebalance_SignalledByHeartbeat()
    {
        var (leader, follower) = await JoinTwoAsync("g");
        await CompleteSyncAsync("g", leader, follower);

        Assert.Equal(KafkaErrorCode.None, _coordinator.Leave("g", follower.MemberId));
        Assert.Equal(KafkaErrorCode.RebalanceInProgress, _coordinator.Heartbeat("g", leader.Generation, leader.MemberId));
        var rejoined = await JoinAndTickAsync(Request("g", leader.MemberId));
        Assert.Equal(leader.Generation + 1, rejoined.Generation);
        Assert.Single(rejoined.Members);
        Assert.Equal(KafkaErrorCode.IllegalGeneration, _coordinator.Heartbeat("g", leader.Generation, leader.MemberId));
    }

    [Fact]
    public async Task SessionExpiry_RemovesSilentMember_AndRebalances()
    {
        var (leader, follower) = await JoinTwoAsync("g", sessionTimeoutMs: 100);
        await CompleteSyncAsync("g", leader, follower);

        // Only the leader keeps heartbeating; the follower goes silent.
        await Wait.UntilAsync(
            () =>
            {
                _coordinator.Heartbeat("g", leader.Generation, leader.MemberId);
                _coordinator.Tick();
                return _coordinator.Describe("g").Members.Count == 1;
            },
            "the silent member's session to expire");
        Assert.Equal("PreparingRebalance", _coordinator.Describe("g").State);
        Assert.Equal(KafkaErrorCode.UnknownMemberId, _coordinator.Heartbeat("g", leader.Generation, follower.MemberId));
    }

    [Fact]
    public async Task Join_OutsideSessionBounds_IsInvalidSessionTimeout()
    {
        var result = await _coordinator.JoinAsync(Request("g", string.Empty, sessionTimeoutMs: 1));
        Assert.Equal(KafkaErrorCode.InvalidSessionTimeout, result.Error);
    }

    [Fact]
    public async Task Commit_FromStaleGeneration_IsIllegalGeneration_AndFromOutsideGroupIsAccepted()
    {
        var (leader, follower) = await JoinTwoAsync("g");
        await CompleteSyncAsync("g", leader, follower);
        Assert.Equal(KafkaErrorCode.None, _coordinator.ValidateCommit("g", leader.Generation, leader.MemberId));
        Assert.Equal(KafkaErrorCode.IllegalGeneration, _coordinator.ValidateCommit("g", leader.Generation - 1, leader.MemberId));
        Assert.Equal(KafkaErrorCode.UnknownMemberId, _coordinator.ValidateCommit("g", leader.Generation, "stranger"));
        Assert.Equal(KafkaErrorCode.None, _coordinator.ValidateCommit("g", -1, string.Empty));
    }

    public void Dispose()
    {
        _offsets.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static JoinGroupRequest Request(string group, string memberId, int sessionTimeoutMs = 6_000) =>
        new(group, sessionTimeoutMs, 60_000, memberId, null, "consumer", [new GroupProtocol("range", [1, 2, 3])], true, "client", "/127.0.0.1");

    private async Task<JoinGroupResult> JoinAndTickAsync(JoinGroupRequest request)
    {
        var join = _coordinator.JoinAsync(request);
        await Wait.UntilAsync(
            () =>
            {
                _coordinator.Tick();
                return join.IsCompleted;
            },
            $"member {request.MemberId} to complete its join");
        return await join;
    }

    private async Task<(JoinGroupResult Leader, JoinGroupResult Follower)> JoinTwoAsync(string group, int sessionTimeoutMs = 6_000)
    {
        var idA = (await _coordinator.JoinAsync(Request(group, string.Empty, sessionTimeoutMs))).MemberId;
        var idB = (await _coordinator.JoinAsync(Request(group, string.Empty, sessionTimeoutMs))).MemberId;
        var a = _coordinator.JoinAsync(Request(group, idA, sessionTimeoutMs));
        var b = _coordinator.JoinAsync(Request(group, idB, sessionTimeoutMs));
        await Wait.UntilAsync(
            () =>
            {
                _coordinator.Tick();
                return a.IsCompleted && b.IsCompleted && a.Result.Members.Count + b.Result.Members.Count == 2;
            },
            "both members to be in one generation");
        var results = new[] { a.Result, b.Result };
        return (results.Single(r => r.Members.Count == 2), results.Single(r => r.Members.Count == 0));
    }

    private async Task CompleteSyncAsync(string group, JoinGroupResult leader, JoinGroupResult follower)
    {
        var followerSync = _coordinator.SyncAsync(group, leader.Generation, follower.MemberId, new Dictionary<string, byte[]>());
        await _coordinator.SyncAsync(group, leader.Generation, leader.MemberId, new Dictionary<string, byte[]>());
        await followerSync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Stable", _coordinator.Describe(group).State);
    }
}
