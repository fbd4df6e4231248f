using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;

namespace Reactor.DevBroker.Handlers;

/// <summary>Decodes request headers, checks API versions and routes each request to its handler.</summary>
internal sealed class RequestDispatcher
{
    private readonly BrokerContext _context;
    private readonly MetadataHandler _metadata;
    private readonly ProduceHandler _produce;
    private readonly FetchHandler _fetch;
    private readonly ListOffsetsHandler _listOffsets;
    private readonly GroupHandler _groups;
    private readonly OffsetHandler _offsets;
    private readonly AdminHandler _admin;

    /// <summary>Creates the dispatcher and its handlers.</summary>
    public RequestDispatcher(BrokerContext context)
    {
        _context = context;
        _metadata = new MetadataHandler(context);
        _produce = new ProduceHandler(context);
        _fetch = new FetchHandler(context);
        _listOffsets = new ListOffsetsHandler(context);
        _groups = new GroupHandler(context);
        _offsets = new OffsetHandler(context);
        _admin = new AdminHandler(context);
    }

    /// <summary>Handles one frame (header and body), writing the framed response into <paramref name="writer"/>.</summary>
    /// <param name="buffer">Holds the frame from index 0; Produce keeps references to the batches it stores.</param>
    /// <param name="size">The frame's length.</param>
    /// <param name="writer">Receives the framed response.</param>
    /// <param name="remote">The client's address, for logs.</param>
    /// <param name="cancellationToken">Fires when the broker stops.</param>
    /// <returns>False to close the connection; otherwise true, with an empty writer when no response is due (acks=0).</returns>
    public async ValueTask<bool> HandleAsync(SharedBuffer buffer, int size, ResponseWriter writer, string remote, CancellationToken cancellationToken)
    {
        var frame = buffer.Array.AsMemory(0, size);
        var (header, bodyStart) = ReadHeader(frame.Span);
        BrokerLog.Request(_context.Logger, (ApiKey)header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId, remote);
        if (!SupportedApis.TryGet(header.ApiKey, out var range))
        {
            BrokerLog.UnknownApiKey(_context.Logger, remote, header.ApiKey, header.ApiVersion);
            return false;
        }

        var body = frame[bodyStart..];
        var sizePosition = writer.ReserveInt32();
        writer.WriteInt32(header.CorrelationId);
        var key = (ApiKey)header.ApiKey;
        if (!range.Supports(header.ApiVersion))
        {
            if (key != ApiKey.ApiVersions)
            {
                BrokerLog.UnsupportedVersion(_context.Logger, remote, header.ApiKey, header.ApiVersion, range.MinVersion, range.MaxVersion);
                return false;
            }

            // Kafka answers an unknown ApiVersions version in the v0 layout so any client can read the supported range.
            ApiVersionsHandler.Write(writer, 0, KafkaErrorCode.UnsupportedVersion);
        }
        else
        {
            var respond = key switch
            {
                ApiKey.ApiVersions => ApiVersionsHandler.Handle(header, body.Span, writer),
                ApiKey.Metadata => _metadata.Handle(header, body.Span, writer),
                ApiKey.Produce => _produce.Handle(header, body.Span, buffer, bodyStart, writer),
                ApiKey.Fetch => await _fetch.HandleAsync(header, body, writer, cancellationToken),
                ApiKey.ListOffsets => _listOffsets.Handle(header, body.Span, writer),
                ApiKey.FindCoordinator => _groups.HandleFindCoordinator(header, body.Span, writer),
                ApiKey.JoinGroup => await _groups.HandleJoinAsync(header, body, writer, remote, cancellationToken),
                ApiKey.SyncGroup => await _groups.HandleSyncAsync(header, body, writer, cancellationToken),
                ApiKey.Heartbeat => _groups.HandleHeartbeat(header, body.Span, writer),
                ApiKey.LeaveGroup => _groups.HandleLeave(header, body.Span, writer),
                ApiKey.DescribeGroups => _groups.HandleDescribe(header, body.Span, writer),
                ApiKey.ListGroups => _groups.HandleList(header, writer),
                ApiKey.OffsetCommit => _offsets.HandleCommit(header, body.Span, writer),
                ApiKey.OffsetFetch => _offsets.HandleFetch(header, body.Span, writer),
                ApiKey.CreateTopics => _admin.HandleCreateTopics(header, body.Span, writer),
                ApiKey.DeleteTopics => _admin.HandleDeleteTopics(header, body.Span, writer),
                ApiKey.InitProducerId => _admin.HandleInitProducerId(header, body.Span, writer),
                _ => throw new ProtocolException($"API key {header.ApiKey} has no handler."),
            };
            if (!respond)
            {
                writer.Truncate(0);
                return true;
            }
        }

        writer.PatchInt32(sizePosition, writer.Length - 4);
        return true;
    }

    private static (RequestHeader Header, int BodyStart) ReadHeader(Span<byte> frame)
    {
        var reader = new KafkaReader(frame);
        var apiKey = reader.ReadInt16();
        var apiVersion = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString();

        // Only ApiVersions v3+ uses the flexible request header (v2) among the versions served; its
        // clientId stays a classic string and a tag buffer follows.
        if (apiKey == (short)ApiKey.ApiVersions && apiVersion >= 3)
        {
            reader.SkipTaggedFields();
        }

        return (new RequestHeader(apiKey, apiVersion, correlationId, clientId), reader.Position);
    }
}
