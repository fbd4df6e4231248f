namespace Reactor.Persistence.LocalDisk.Tests.Integration;

/// <summary>The persisted state of <see cref="DiskCounterGrain"/>.</summary>
[GenerateSerializer, Alias("reactor.tests.localdisk.DiskCounterState")]
public sealed class DiskCounterState
{
    [Id(0)]
    public int Count { get; set; }
}
