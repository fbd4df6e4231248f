using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;
using StackExchange.Redis;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>Absence deadlines on a real silo with a reminder service: they fire although the entity was deactivated.</summary>
public sealed class EntityDeadlineClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("entity-deadlines");
    private ReactorTestCluster _cluster = null!;

    // Local-disk storage: the entity must be read back after its deactivation.
    public async Task InitializeAsync() =>
        _cluster = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path, silo => silo.UseInMemoryReminderService());

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Deadline_due_while_the_entity_is_deactivated_fires_through_its_reminder()
    {
        await _cluster.PublishAsync(WatchGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "w1", new Added(7), time: DateTimeOffset.UtcNow));
        var watch = _cluster.Client.GetGrain<IWatchGrain>("w1");
        await Eventually.Until("the arming event applied", async () => (await watch.GetSnapshotAsync()).StateVersion == 1);

        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // The alert comes from the watch entity's reaction; nothing but its reminder can wake it up.
        var alerts = _cluster.Client.GetGrain<IAlertGrain>("alerts-w1");
        await Eventually.Until("the absence alert arrives", async () => (await alerts.GetSnapshotAsync()).StateVersion == 1);
        var decision = Assert.Single(await watch.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal("no-note", decision.RuleId);
    }

    [Fact]
    public async Task Note_in_time_cancels_the_deadline()
    {
        await _cluster.PublishAsync(WatchGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "w2", new Added(1), time: DateTimeOffset.UtcNow));
        await _cluster.PublishAsync(WatchGrain.Topic, TestCloudEvents.Create(TallyTypes.Noted, "w2", new Noted("ok"), time: DateTimeOffset.UtcNow));
        var watch = _cluster.Client.GetGrain<IWatchGrain>("w2");

        await Eventually.Until("both events applied", async () => (await watch.GetSnapshotAsync()).StateVersion == 2);

        Assert.Empty(await watch.GetDecisionsAsync(DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Deadline_armed_before_a_silo_restart_fires_after_it_through_the_local_disk_reminder_table()
    {
        using var data = new TempDirectory("entity-deadlines-restart");
        await AssertDeadlineFiresAfterRestartAsync(data.Path, "w3", silo => silo.UseLocalDiskReminderService(o =>
        {
            o.RootDirectory = Path.Combine(data.Path, "reminders");
            o.FlushToDisk = false;
        }));
        Assert.True(File.Exists(Path.Combine(data.Path, "reminders", "reminders.json")));
    }

    [Fact]
    public async Task Deadline_armed_before_a_silo_restart_fires_after_it_through_redis_reminders()
    {
        using var data = new TempDirectory("entity-deadlines-redis");
        await using var redis = await RedisServer.StartAsync();
        // Redis keys reminders by service id; the test cluster picks a new one per start unless told otherwise.
        var serviceId = "deadlines-" + Guid.NewGuid().ToString("N");
        await AssertDeadlineFiresAfterRestartAsync(data.Path, "w4", silo =>
        {
            silo.Services.PostConfigure<ClusterOptions>(o => o.ServiceId = serviceId);
            silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis.ConnectionString));
        });
    }

    /// <summary>
    /// Arms a watch entity's deadline, stops the silo before it is due, starts another on the same storage and reminder
    /// table, and waits for the alert only the reloaded reminder can cause (nothing else touches the entity).
    /// </summary>
    private static async Task AssertDeadlineFiresAfterRestartAsync(string dataPath, string watchId, Action<ISiloBuilder> reminders)
    {
        // The deadline is due two seconds after the event's time. The first silo's clock runs an hour behind the event, so
        // the deadline cannot come due there (and its alert be lost with that silo's in-memory source) however slowly it
        // stops; the second silo's clock is on time, so there it is overdue.
        var clock = new ShiftedTimeProvider(TimeSpan.FromHours(-1));
        void Silo(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<TimeProvider>(clock);
            reminders(silo);
        }

        await using (var first = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), dataPath, Silo))
        {
            await first.PublishAsync(WatchGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, watchId, new Added(5), time: DateTimeOffset.UtcNow));
            var watch = first.Client.GetGrain<IWatchGrain>(watchId);
            await Eventually.Until("the arming event applied", async () => (await watch.GetSnapshotAsync()).StateVersion == 1);
            Assert.Empty(await watch.GetDecisionsAsync(DateTimeOffset.MinValue));

            // Stopping the silo deactivates (and persists) the entity before its deadline is due.
        }

        clock.Shift = TimeSpan.Zero;
        await using var second = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), dataPath, Silo);

        var alerts = second.Client.GetGrain<IAlertGrain>("alerts-" + watchId);
        // A reminder past its start ticks at its next period boundary: up to a minute after the restart.
        await Eventually.Until("the absence alert arrives after the restart", async () => (await alerts.GetSnapshotAsync()).StateVersion == 1, TimeSpan.FromMinutes(3));
        Assert.Equal("no-note", Assert.Single(await second.Client.GetGrain<IWatchGrain>(watchId).GetDecisionsAsync(DateTimeOffset.MinValue)).RuleId);
    }

    /// <summary>The system clock shifted by a settable amount; timers and timestamps stay real.</summary>
    private sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
    {
        public TimeSpan Shift { get; set; } = shift;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }
}
