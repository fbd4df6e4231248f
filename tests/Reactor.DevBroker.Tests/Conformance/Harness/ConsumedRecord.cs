namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>One record as a client saw it.</summary>
internal sealed record ConsumedRecord(int Partition, long Offset, string? Key, string? Value);
