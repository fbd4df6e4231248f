using System.Runtime.CompilerServices;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Events;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.Samples.Commerce.Sessions;

namespace Reactor.Benchmarks.Rules;

/// <summary>
/// Measures the rule engine per event for the sample entities, with their rules (windows, cooldown, absence deadline,
/// edge-triggered conditions) against the same events applied by the same handlers with no rules, in the same run
/// (<c>dotnet run -c Release --project tests/Reactor.Benchmarks -- --filter '*RuleEvaluation*' --job short</c>).
/// One operation is one event; each invocation runs <see cref="Events"/> events through a fresh engine.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int Events = 1_000;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DiscardingEnvironment _environment = new();
    private readonly EngineOptions _options = new();
    private EventTypeRegistry _registry = null!;
    private EventEnvelope[] _customerEvents = [];
    private EventEnvelope[] _sessionEvents = [];

    [GlobalSetup]
    public void Setup()
    {
        _registry = new EventTypeRegistry([
            new(CommerceEventTypes.SignedIn, typeof(SignedIn)),
            new(CommerceEventTypes.PaymentFailed, typeof(PaymentFailed)),
            new(CommerceEventTypes.PaymentSucceeded, typeof(PaymentSucceeded)),
            new(CommerceEventTypes.CartUpdated, typeof(CartUpdated)),
            new(CommerceEventTypes.CheckoutCompleted, typeof(CheckoutCompleted)),
            new(CommerceEventTypes.AccountHoldRequested, typeof(AccountHoldRequested)),
            new(CommerceEventTypes.DeviceVerificationRequested, typeof(DeviceVerificationRequested)),
            new(CommerceEventTypes.HighValueCartFlagged, typeof(HighValueCartFlagged)),
            new(CommerceEventTypes.CartAbandoned, typeof(CartAbandoned)),
        ]);

        // A customer who signs in from a few devices and has bursts of failed payments (rules fire now and then).
        _customerEvents = [.. Enumerable.Range(0, Events).Select(i => (i % 10) switch
        {
            0 => Envelope(CommerceEventTypes.SignedIn, new SignedIn("c1", "device-" + (i / 100), "DE"), i),
            1 or 2 or 3 or 4 => Envelope(CommerceEventTypes.PaymentFailed, new PaymentFailed("c1", 25m, "declined"), i),
            _ => Envelope(CommerceEventTypes.PaymentSucceeded, new PaymentSucceeded("c1", 40m), i),
        })];

        // A session whose cart changes and is checked out now and then (the absence deadline is armed and cancelled).
        _sessionEvents = [.. Enumerable.Range(0, Events).Select(i => i % 20 == 19
            ? Envelope(CommerceEventTypes.CheckoutCompleted, new CheckoutCompleted("s1", "c1", "o" + i, 100m), i)
            : Envelope(CommerceEventTypes.CartUpdated, new CartUpdated("s1", "c1", "sku-" + (i % 7), 1 + (i % 3), 150m), i))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public Task<long> Customer_no_rules() => Run(Definition<Customer, CustomerGrain>(rules: false), _customerEvents);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<long> Customer_sample_rules() => Run(Definition<Customer, CustomerGrain>(rules: true), _customerEvents);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<long> Session_no_rules() => Run(Definition<ShoppingSession, SessionGrain>(rules: false), _sessionEvents);

    [Benchmark(OperationsPerInvoke = Events)]
    public Task<long> Session_sample_rules() => Run(Definition<ShoppingSession, SessionGrain>(rules: true), _sessionEvents);

    private static EntityDefinition<TState> Definition<TState, TGrain>(bool rules)
        where TState : class, new()
        where TGrain : EntityGrain<TState>
    {
        var definition = new EntityDefinition<TState>();
        ((TGrain)RuntimeHelpers.GetUninitializedObject(typeof(TGrain))).DefineInto(definition);
        return rules ? definition : definition.HandlersOnly();
    }

    private static EventEnvelope Envelope<T>(string type, T data, int i) => new()
    {
        Id = "e" + i,
        Source = "bench",
        Type = type,
        EntityId = "x",
        Time = Start.AddSeconds(20 * i),
        Position = new LogPosition("bench", 0, i),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, ReactorJson.Options),
        ReceivedAt = Start.AddSeconds(20 * i),
    };

    private async Task<long> Run<TState>(EntityDefinition<TState> definition, EventEnvelope[] events)
        where TState : class, new()
    {
        var engine = new EntityEngine<TState>("bench", "x", definition, _registry, _options, TimeProvider.System, _environment, new EntityDocument<TState>());
        foreach (var envelope in events)
        {
            await engine.ProcessAsync(envelope);
        }

        return engine.Document.StateVersion;
    }
}
