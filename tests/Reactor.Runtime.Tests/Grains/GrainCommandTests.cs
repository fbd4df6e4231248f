using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>
/// Durable grain commands (<c>ctx.SendCommand</c>): the command travels in the outbox entry, reaches its grain with the
/// action's idempotency key, is sent again with the same key after a failed attempt or a restart, and never after its
/// completion is recorded.
/// </summary>
public sealed class GrainCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("grain-commands");
    private readonly CommandSinkLog _log = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Command_reaches_its_grain_with_the_action_key_and_the_decision_records_its_success()
    {
        await using var cluster = await StartAsync();
        var commander = cluster.Client.GetGrain<ICommanderGrain>("c1");

        await cluster.PublishAsync(CommanderGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "c1", new Added(25)));

        await Eventually.Until("the decision records the command's success", async () =>
            Assert.Single(Assert.Single(await commander.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions).Outcome == ActionOutcome.Succeeded);
        var action = Assert.Single(Assert.Single(await commander.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions);
        Assert.Equal(("grain-command", "ICommandSinkGrain/sink-c1"), (action.Kind, action.Target));
        Assert.Equal(("sink-c1", action.IdempotencyKey, 25), Assert.Single(_log.Received));
    }

    [Fact]
    public async Task Command_whose_first_attempt_fails_is_sent_again_with_the_same_key()
    {
        _log.FailNext(1);
        await using var cluster = await StartAsync();
        var commander = cluster.Client.GetGrain<ICommanderGrain>("c2");

        await cluster.PublishAsync(CommanderGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "c2", new Added(12)));

        await Eventually.Until("the decision records the command's success", async () =>
            Assert.Single(Assert.Single(await commander.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions).Outcome == ActionOutcome.Succeeded);
        var key = Assert.Single(Assert.Single(await commander.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions).IdempotencyKey;
        Assert.Equal([("sink-c2", key, 12), ("sink-c2", key, 12)], _log.Received);
    }

    [Fact]
    public async Task Command_in_flight_at_a_restart_is_sent_again_once_with_the_same_key()
    {
        _log.Hang = true;
        string key;
        await using (var first = await StartAsync())
        {
            await first.PublishAsync(CommanderGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "c3", new Added(40)));
            await Eventually.Until("the command reached its grain", () => !_log.Received.IsEmpty);
            key = Assert.Single(_log.Received).Key;

            // The sink never answers before the silo stops, so the command's completion is never recorded.
        }

        _log.Hang = false;
        await using (var second = await StartAsync())
        {
            // Nothing touches c3: only its outbox reminder can wake it.
            await Eventually.Until("the pending command was sent again after the restart", () => _log.Received.Count == 2, TimeSpan.FromMinutes(3));
            var commander = second.Client.GetGrain<ICommanderGrain>("c3");
            await Eventually.Until("the decision records the command's success", async () =>
                Assert.Single(Assert.Single(await commander.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions).Outcome == ActionOutcome.Succeeded);
            await commander.FlushAsync();
        }

        Assert.All(_log.Received, r => Assert.Equal(("sink-c3", key, 40), r));
        Assert.Equal(2, _log.Received.Count);
    }

    private Task<ReactorTestCluster> StartAsync() =>
        ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path, silo =>
        {
            silo.Services.AddSingleton(_log);
            silo.UseLocalDiskReminderService(o =>
            {
                o.RootDirectory = Path.Combine(_data.Path, "reminders");
                o.FlushToDisk = false;
            });
        });
}
