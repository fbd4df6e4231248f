using Reactor.DevBroker.Groups;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, DescribeGroups and ListGroups.</summary>
internal sealed class GroupHandler(BrokerContext context)
{
    /// <summary>Handles FindCoordinator (key 10), v0-v2: this node coordinates every group.</summary>
    public bool HandleFindCoordinator(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        reader.ReadString();
        var keyType = version >= 1 ? reader.ReadInt8() : (sbyte)0;
        if (version >= 1)
        {
            writer.WriteInt32(0);
        }

        // Key type 1 asks for a transaction coordinator; transactions are not implemented.
        var error = keyType == 0 ? KafkaErrorCode.None : KafkaErrorCode.CoordinatorNotAvailable;
        writer.WriteError(error);
        if (version >= 1)
        {
            writer.WriteNullableString(error == KafkaErrorCode.None ? null : "Transactions are not supported by the dev broker.");
        }

        writer.WriteInt32(error == KafkaErrorCode.None ? BrokerContext.NodeId : -1);
        writer.WriteString(error == KafkaErrorCode.None ? context.Options.Host : string.Empty);
        writer.WriteInt32(error == KafkaErrorCode.None ? context.AdvertisedPort : -1);
        return true;
    }

    /// <summary>Handles JoinGroup (key 11), v2-v5.</summary>
    public async ValueTask<bool> HandleJoinAsync(RequestHeader header, Memory<byte> body, ResponseWriter writer, string remote, CancellationToken cancellationToken)
    {
        var version = header.ApiVersion;
        var request = ParseJoin(header, body.Span, remote);
        var result = await context.Groups.JoinAsync(request).WaitAsync(cancellationToken);
        writer.WriteInt32(0);
        writer.WriteError(result.Error);
        writer.WriteInt32(result.Generation);
        writer.WriteString(result.ProtocolName);
        writer.WriteString(result.LeaderId);
        writer.WriteString(result.MemberId);
        writer.WriteArrayCount(result.Members.Count);
        foreach (var member in result.Members)
        {
            writer.WriteString(member.MemberId);
            if (version >= 5)
            {
                writer.WriteNullableString(member.GroupInstanceId);
            }

            writer.WriteBytes(member.Metadata);
        }

        return true;
    }

    /// <summary>Handles SyncGroup (key 14), v0-v3.</summary>
    public async ValueTask<bool> HandleSyncAsync(RequestHeader header, Memory<byte> body, ResponseWriter writer, CancellationToken cancellationToken)
    {
        var (groupId, generation, memberId, assignments) = ParseSync(header.ApiVersion, body.Span);
        var result = await context.Groups.SyncAsync(groupId, generation, memberId, assignments).WaitAsync(cancellationToken);
        if (header.ApiVersion >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteError(result.Error);
        writer.WriteBytes(result.Assignment);
        return true;
    }

    /// <summary>Handles Heartbeat (key 12), v0-v3.</summary>
    public bool HandleHeartbeat(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        if (header.ApiVersion >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteError(context.Groups.Heartbeat(groupId, generation, memberId));
        return true;
    }

    /// <summary>Handles LeaveGroup (key 13), v0-v1.</summary>
    public bool HandleLeave(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var memberId = reader.ReadString();
        if (header.ApiVersion >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteError(context.Groups.Leave(groupId, memberId));
        return true;
    }

    /// <summary>Handles DescribeGroups (key 15), v0-v4.</summary>
    public bool HandleDescribe(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayCount();
        var groupIds = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            groupIds.Add(reader.ReadString());
        }

        if (version >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteArrayCount(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            var group = context.Groups.Describe(groupId);
            writer.WriteError(KafkaErrorCode.None);
            writer.WriteString(group.GroupId);
            writer.WriteString(group.State);
            writer.WriteString(group.ProtocolType);
            writer.WriteString(group.ProtocolName);
            writer.WriteArrayCount(group.Members.Count);
            foreach (var member in group.Members)
            {
                writer.WriteString(member.MemberId);
                if (version >= 4)
                {
                    writer.WriteNullableString(member.GroupInstanceId);
                }

                writer.WriteString(member.ClientId);
                writer.WriteString(member.ClientHost);
                writer.WriteBytes(member.Metadata);
                writer.WriteBytes(member.Assignment);
            }

            if (version >= 3)
            {
                writer.WriteInt32(int.MinValue);
            }
        }

        return true;
    }

    /// <summary>Handles ListGroups (key 16), v0-v2.</summary>
    public bool HandleList(RequestHeader header, ResponseWriter writer)
    {
        if (header.ApiVersion >= 1)
        {
            writer.WriteInt32(0);
        }

        writer.WriteError(KafkaErrorCode.None);
        var groups = context.Groups.List();
        writer.WriteArrayCount(groups.Count);
        foreach (var (groupId, protocolType) in groups)
        {
            writer.WriteString(groupId);
            writer.WriteString(protocolType);
        }

        return true;
    }

    private static JoinGroupRequest ParseJoin(RequestHeader header, Span<byte> body, string remote)
    {
        var version = header.ApiVersion;
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var sessionTimeout = reader.ReadInt32();
        var rebalanceTimeout = reader.ReadInt32();
        var memberId = reader.ReadString();
        var instanceId = version >= 5 ? reader.ReadNullableString() : null;
        var protocolType = reader.ReadString();
        var count = reader.ReadArrayCount();
        var protocols = new List<GroupProtocol>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            protocols.Add(new GroupProtocol(reader.ReadString(), reader.ReadBytesCopy()));
        }

        var host = remote.LastIndexOf(':') is var colon and > 0 ? remote[..colon] : remote;
        return new JoinGroupRequest(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols, version >= 4, header.ClientId ?? string.Empty, "/" + host);
    }

    private static (string GroupId, int Generation, string MemberId, Dictionary<string, byte[]> Assignments) ParseSync(short version, Span<byte> body)
    {
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        if (version >= 3)
        {
            reader.ReadNullableString();
        }

        var count = reader.ReadArrayCount();
        var assignments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            assignments[reader.ReadString()] = reader.ReadBytesCopy();
        }

        return (groupId, generation, memberId, assignments);
    }
}
