using Reactor.Runtime;

namespace Reactor.Benchmarks.Scoring;

/// <summary>A reaction context that only keeps recorded facts, so the benchmark measures scoring and its recording.</summary>
internal sealed class BenchReactionContext(IServiceProvider services, string entityId) : IReactionContext
{
    private readonly Dictionary<string, string> _details = new(StringComparer.Ordinal);

    public string EntityId { get; } = entityId;

    public string RuleId => "payment-fraud-hold";

    public int RuleVersion => 2;

    public EventContext Trigger => throw new NotSupportedException();

    public DateTimeOffset Now => DateTimeOffset.UnixEpoch;

    public IServiceProvider Services { get; } = services;

    public void Record(string key, string value) => _details[key] = value;

    public Task Emit<TEvent>(string topic, TEvent @event, string? entityId = null)
        where TEvent : notnull => throw new NotSupportedException();

    public Task CallGrain<TGrain>(string key, Func<TGrain, string, Task> call, string description)
        where TGrain : IGrainWithStringKey => throw new NotSupportedException();

    public Task Act<TAction>(TAction action)
        where TAction : notnull => throw new NotSupportedException();
}
