namespace Reactor.Persistence.LocalDisk.Tests.Integration;

/// <summary>A counter whose value lives in local-disk grain storage.</summary>
[Alias("reactor.tests.localdisk.IDiskCounterGrain")]
public interface IDiskCounterGrain : IGrainWithStringKey
{
    [Alias("Increment")]
    Task<int> Increment();

    [Alias("Get")]
    Task<int> Get();

    [Alias("Clear")]
    Task Clear();
}
