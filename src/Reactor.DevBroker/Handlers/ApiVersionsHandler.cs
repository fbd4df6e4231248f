using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Handlers;

/// <summary>Answers ApiVersions (key 18), v0-v3.</summary>
internal static class ApiVersionsHandler
{
    /// <summary>Handles the request; the v3 body (client software name and version) is not needed.</summary>
    public static bool Handle(RequestHeader header, Span<byte> body, ResponseWriter writer)
    {
        _ = body;
        Write(writer, header.ApiVersion, KafkaErrorCode.None);
        return true;
    }

    /// <summary>Writes the response body for <paramref name="version"/>; its header never carries tags, even in v3.</summary>
    public static void Write(ResponseWriter writer, short version, KafkaErrorCode error)
    {
        writer.WriteError(error);
        var apis = SupportedApis.All;
        var flexible = version >= 3;
        if (flexible)
        {
            writer.WriteCompactArrayCount(apis.Count);
        }
        else
        {
            writer.WriteArrayCount(apis.Count);
        }

        foreach (var api in apis)
        {
            writer.WriteInt16((short)api.Key);
            writer.WriteInt16(api.MinVersion);
            writer.WriteInt16(api.MaxVersion);
            if (flexible)
            {
                writer.WriteEmptyTaggedFields();
            }
        }

        if (version >= 1)
        {
            writer.WriteInt32(0);
        }

        if (flexible)
        {
            writer.WriteEmptyTaggedFields();
        }
    }
}
