using Reactor.Abstractions;

namespace Reactor.Streaming.Kafka.Providers;

/// <summary>How a checkpoint asks entities for durability.</summary>
/// <param name="WaitForWrites">Whether entities are asked to finish writing (<see cref="IEntityGrain.FlushAsync"/>, at shutdown) or only to start (<see cref="IEntityGrain.CheckpointAsync"/>).</param>
/// <param name="TrustOwnWrites">Whether entities known to write on this silo are left to their own flush rather than asked: on the first ask for a commit, not at shutdown.</param>
internal readonly record struct CheckpointAsking(bool WaitForWrites, bool TrustOwnWrites);
