namespace Reactor.DevBroker.Protocol;

/// <summary>Lists the API versions this broker advertises in ApiVersions.</summary>
/// <remarks>
/// Every range stays below the API's first flexible version, except ApiVersions v3, so one
/// non-flexible codec serves librdkafka, kafkajs and kafka-python alike.
/// </remarks>
internal static class SupportedApis
{
    /// <summary>Gets the advertised ranges, ordered by key.</summary>
    public static IReadOnlyList<ApiVersionRange> All { get; } =
    [
        new(ApiKey.Produce, 3, 8),
        new(ApiKey.Fetch, 4, 11),
        new(ApiKey.ListOffsets, 1, 5),
        new(ApiKey.Metadata, 0, 8),
        new(ApiKey.OffsetCommit, 2, 7),
        new(ApiKey.OffsetFetch, 1, 5),
        new(ApiKey.FindCoordinator, 0, 2),
        new(ApiKey.JoinGroup, 2, 5),
        new(ApiKey.Heartbeat, 0, 3),
        new(ApiKey.LeaveGroup, 0, 1),
        new(ApiKey.SyncGroup, 0, 3),
        new(ApiKey.DescribeGroups, 0, 4),
        new(ApiKey.ListGroups, 0, 2),
        new(ApiKey.ApiVersions, 0, 3),
        new(ApiKey.CreateTopics, 0, 4),
        new(ApiKey.DeleteTopics, 0, 3),
        new(ApiKey.InitProducerId, 0, 1),
    ];

    /// <summary>Finds the range of <paramref name="apiKey"/>, or returns false for an unknown key.</summary>
    public static bool TryGet(short apiKey, out ApiVersionRange range)
    {
        foreach (var candidate in All)
        {
            if ((short)candidate.Key == apiKey)
            {
                range = candidate;
                return true;
            }
        }

        range = default;
        return false;
    }
}
