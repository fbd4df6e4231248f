namespace Reactor.Host.Api.Contracts;

/// <summary>One partition of a replay.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Started">Whether the partition has rewound (at its next checkpoint).</param>
/// <param name="From">The offset it started again at.</param>
/// <param name="End">The offset it had read up to: events below it are replayed history.</param>
/// <param name="Position">The offset below which the replay is durable.</param>
/// <param name="IsComplete">Whether it has replayed everything below <paramref name="End"/>.</param>
public sealed record ReplayPartitionResponse(string Topic, int Partition, bool Started, long From, long End, long Position, bool IsComplete);
