using Reactor.Runtime;

namespace Reactor.Benchmarks.Rules;

public sealed record DeadlineArmed(int Amount);

public sealed record DeadlineCancelled(int Amount);

public sealed class DeadlineState
{
    public long Count { get; set; }
}

/// <summary>An entity with one absence rule: every arming event leaves a durable deadline an hour out.</summary>
[ReactsTo(DurableTimerThroughput.WithDeadlinesTopic)]
public sealed class DeadlineBenchGrain : EntityGrain<DeadlineState>
{
    protected override void Define(EntityDefinition<DeadlineState> entity)
    {
        DurableTimerThroughput.Handlers(entity);
        entity.Rule("bench-absent", version: 1)
            .After<DeadlineArmed>().Absent<DeadlineCancelled>(TimeSpan.FromHours(1))
            .Then((_, _) => Task.CompletedTask);
    }
}

/// <summary>The baseline: the same handlers and events, no rule.</summary>
[ReactsTo(DurableTimerThroughput.NoRulesTopic)]
public sealed class NoRuleBenchGrain : EntityGrain<DeadlineState>
{
    protected override void Define(EntityDefinition<DeadlineState> entity) => DurableTimerThroughput.Handlers(entity);
}
