namespace Reactor.DevBroker.Handlers;

/// <summary>Holds one topic of a Fetch request.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">The requested partitions.</param>
internal sealed record FetchTopicRequest(string Name, List<FetchPartitionRequest> Partitions);
