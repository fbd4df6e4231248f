using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>
/// The outbox across a silo restart: a webhook call in flight when the silo stops runs again with the same
/// idempotency key on the next activation, and once its completion is recorded it never runs again.
/// </summary>
public sealed class OutboxCrashTests : IDisposable
{
    private readonly TempDirectory _data = new("outbox-crash");
    private readonly ConcurrentQueue<string> _keys = new();
    private volatile bool _hang = true;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Webhook_in_flight_at_a_restart_runs_again_once_with_the_same_key_and_never_after_completion()
    {
        await using var receiver = await LoopbackHttpServer.StartAsync(ReceiveAsync);
        var endpoint = new Uri(receiver.BaseAddress, "hooks");
        string key;
        await using (var first = await StartAsync(endpoint))
        {
            var grain = first.Client.GetGrain<IHookGrain>("h1");
            await first.PublishAsync(HookGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "h1", new Added(25)));
            await Eventually.Until("the webhook call reached the receiver", () => !_keys.IsEmpty);
            key = Assert.Single(_keys);
            var action = Assert.Single(Assert.Single(await grain.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions);
            Assert.Equal(("webhook", ActionOutcome.Pending, key), (action.Kind, action.Outcome, action.IdempotencyKey));

            // The receiver never answers: the silo stops while the call is in flight, so its completion is never recorded.
        }

        _hang = false;
        await using (var second = await StartAsync(endpoint))
        {
            var grain = second.Client.GetGrain<IHookGrain>("h1");
            await grain.GetSnapshotAsync();
            await Eventually.Until("the pending webhook ran again after the restart", () => _keys.Count == 2);
            Assert.All(_keys, k => Assert.Equal(key, k));
            await Eventually.Until("the decision records the webhook's success", async () =>
                Assert.Single(Assert.Single(await grain.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions).Outcome == ActionOutcome.Succeeded);
            await grain.FlushAsync();
        }

        await using (var third = await StartAsync(endpoint))
        {
            var grain = third.Client.GetGrain<IHookGrain>("h1");
            var action = Assert.Single(Assert.Single(await grain.GetDecisionsAsync(DateTimeOffset.MinValue)).Actions);
            Assert.Equal(ActionOutcome.Succeeded, action.Outcome);

            // A later webhook of another entity is the fence: by the time it arrives, a re-run of h1's would have started.
            await third.PublishAsync(HookGrain.Topic, TestCloudEvents.Create(TallyTypes.Added, "h2", new Added(11)));
            await Eventually.Until("the fence webhook arrived", () => _keys.Any(k => k != key));
        }

        Assert.Equal(2, _keys.Count(k => k == key));
        Assert.Single(_keys, k => k != key);
    }

    private Task<ReactorTestCluster> StartAsync(Uri endpoint) =>
        ReactorTestCluster.StartAsync(r => r.AddTallyTypes(), _data.Path, silo => silo.Services.AddSingleton(new HookTarget(endpoint)));

    private async Task ReceiveAsync(HttpContext context)
    {
        _keys.Enqueue(context.Request.Headers[WebhookCall.IdempotencyKeyHeader].ToString());
        if (_hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
