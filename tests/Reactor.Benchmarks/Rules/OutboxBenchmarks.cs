using System.Runtime.CompilerServices;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Samples.Commerce.Events;
using Reactor.Samples.Commerce.Sessions;

namespace Reactor.Benchmarks.Rules;

/// <summary>
/// Measures what the outbox adds per firing rule, without storage I/O: the sample session with a rule that fires and
/// emits on every event, its action run inline (the baseline, as before the outbox), against the same rule with the
/// action going through the outbox — enqueued, a snapshot of the document taken for the write that makes it durable,
/// then completed and its decision updated — as the entity grain does
/// (<c>dotnet run -c Release --project tests/Reactor.Benchmarks -- --filter '*OutboxBenchmarks*' --job short</c>).
/// One operation is one event; each invocation runs <see cref="Events"/> events through a fresh engine.
/// </summary>
[MemoryDiagnoser]
public class OutboxBenchmarks
{
    private const int Events = 500;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DiscardingEnvironment _environment = new();
    private EventTypeRegistry _registry = null!;
    private EventEnvelope[] _events = [];

    [GlobalSetup]
    public void Setup()
    {
        _registry = new EventTypeRegistry([
            new(CommerceEventTypes.CartUpdated, typeof(CartUpdated)),
            new(CommerceEventTypes.CheckoutCompleted, typeof(CheckoutCompleted)),
            new(CommerceEventTypes.HighValueCartFlagged, typeof(HighValueCartFlagged)),
            new(CommerceEventTypes.CartAbandoned, typeof(CartAbandoned)),
        ]);
        _events = [.. Enumerable.Range(0, Events).Select(i => Envelope(new CartUpdated("s1", "c1", "sku-" + (i % 7), 1 + (i % 3), 150m), i))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task<long> Action_run_inline() => Run(useOutbox: false);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<long> Action_through_the_outbox() => Run(useOutbox: true);

    private static EntityDefinition<ShoppingSession> Definition()
    {
        var definition = new EntityDefinition<ShoppingSession>();
        ((SessionGrain)RuntimeHelpers.GetUninitializedObject(typeof(SessionGrain))).DefineInto(definition);
        definition = definition.HandlersOnly();
        definition.Rule("every-change", version: 1)
            .When(s => s.Cart.Count > 0)
            .OnEveryMatch()
            .Then((ctx, s) => ctx.Emit(CommerceTopics.SessionActions, new HighValueCartFlagged(ctx.EntityId, "c1", s.Total)));
        return definition;
    }

    private static EventEnvelope Envelope<T>(T data, int i) => new()
    {
        Id = "e" + i,
        Source = "bench",
        Type = CommerceEventTypes.CartUpdated,
        EntityId = "s1",
        Time = Start.AddSeconds(20 * i),
        Position = new LogPosition("bench", 0, i),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
        ReceivedAt = Start.AddSeconds(20 * i),
    };

    private async Task<long> Run(bool useOutbox)
    {
        var engine = new EntityEngine<ShoppingSession>("bench", "s1", Definition(), _registry, new EngineOptions(UseOutbox: useOutbox), TimeProvider.System, _environment, new EntityDocument<ShoppingSession>());
        var done = new ActionCompletion(ActionOutcome.Succeeded);
        foreach (var envelope in _events)
        {
            await engine.ProcessAsync(envelope);
            if (useOutbox)
            {
                var snapshot = engine.TakeSnapshot();
                engine.MarkPersisted();
                foreach (var entry in engine.DurableActions(snapshot))
                {
                    engine.CompleteAction(entry.Key, done);
                }
            }
        }

        return engine.Document.StateVersion;
    }
}
