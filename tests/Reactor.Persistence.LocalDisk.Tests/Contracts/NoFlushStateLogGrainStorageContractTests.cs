using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests.Contracts;

/// <summary>Runs the grain storage contract against the state log with <c>FlushToDisk = false</c>.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "GrainStorage")]
public sealed class NoFlushStateLogGrainStorageContractTests() : StateLogGrainStorageContractTests(flushToDisk: false);
