using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Configuration;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>
/// The flush timer writes a changed entity on its own (no checkpoint, no flush call), is armed again by a change after
/// it found nothing to write, and again by a write that failed.
/// </summary>
public sealed class EntityFlushTimerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Changed_entity_is_written_by_its_timer_after_a_failed_write_and_again_after_its_next_change(bool failAtOnce)
    {
        var storage = new FailingFirstWriteStorage(failAtOnce);
        await using var cluster = await ReactorTestCluster.StartAsync(
            r => r.AddTallyTypes(),
            configureSilo: silo =>
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>("reactor", storage);
                silo.Services.Configure<ReactorOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(200));
            });
        var grain = cluster.Client.GetGrain<ITallyGrain>("timer-flushed");
        var grainId = grain.GetGrainId();

        await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "timer-flushed", new Added(1)));
        await Eventually.Until("the timer to write the first change, after its first write failed", () => storage.StoredStateVersion("entity", grainId) == 1);
        Assert.Equal(1, Volatile.Read(ref storage.FailedWrites));

        await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, "timer-flushed", new Added(2)));
        await Eventually.Until("the timer to write the next change", () => storage.StoredStateVersion("entity", grainId) == 2);
    }
}
