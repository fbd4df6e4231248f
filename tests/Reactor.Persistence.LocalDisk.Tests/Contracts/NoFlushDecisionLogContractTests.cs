using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Persistence.LocalDisk.Tests.Support;
using Reactor.TestInfrastructure.Persistence;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests.Contracts;

/// <summary>Runs the whole decision log contract with <c>FlushToDisk = false</c> and a single I/O thread.</summary>
[Trait("Provider", "LocalDisk")]
[Trait("Suite", "DecisionLog")]
public sealed class NoFlushDecisionLogContractTests : DecisionLogContractTests, IDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<LocalDiskDecisionLog> _created;

    public NoFlushDecisionLogContractTests()
        : this(new TempDirectory("localdisk-decisions-noflush"), [])
    {
    }

    private NoFlushDecisionLogContractTests(TempDirectory directory, List<LocalDiskDecisionLog> created)
        : base(() => Track(created, new LocalDiskDecisionLog(
            Options.Create(new LocalDiskDecisionLogOptions { RootDirectory = directory.Path, FlushToDisk = false, IoThreads = 1 }),
            new ListLogger<LocalDiskDecisionLog>())))
    {
        _directory = directory;
        _created = created;
    }

    public void Dispose()
    {
        foreach (var log in _created)
        {
            log.Dispose();
        }

        _directory.Dispose();
    }

    private static LocalDiskDecisionLog Track(List<LocalDiskDecisionLog> created, LocalDiskDecisionLog log)
    {
        created.Add(log);
        return log;
    }
}
