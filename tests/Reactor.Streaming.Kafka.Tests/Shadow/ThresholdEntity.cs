using Reactor.Abstractions;
using Reactor.Runtime;

namespace Reactor.Streaming.Kafka.Tests.Shadow;

public sealed record Amount(int Value);

public sealed record Alert(int Value);

public sealed class Threshold
{
    public int Last { get; set; }

    public List<int> Values { get; set; } = [];
}

[Alias("kafka-tests.IThresholdGrain")]
public interface IThresholdGrain : IEntityGrain;

/// <summary>Alerts live at 50 or more; its candidate version would alert from 30.</summary>
[ReactsTo(ThresholdEntity.Topic)]
public sealed class ThresholdGrain : EntityGrain<Threshold>, IThresholdGrain
{
    protected override void Define(EntityDefinition<Threshold> entity)
    {
        entity.On<Amount>((s, ev) =>
        {
            s.Last = ev.Value;
            s.Values.Add(ev.Value);
        });
        entity.Rule("big", version: 1)
            .When(s => s.Last >= ThresholdEntity.LiveThreshold)
            .Then((ctx, s) => ctx.Emit(ThresholdEntity.AlertsTopic, new Alert(s.Last)));
        entity.Rule("big", version: 2).Candidate()
            .When(s => s.Last >= ThresholdEntity.CandidateThreshold)
            .Then((ctx, s) => ctx.Emit(ThresholdEntity.AlertsTopic, new Alert(s.Last)));
    }
}

public static class ThresholdEntity
{
    public const string EntityType = "threshold";
    public const string Topic = "k-shadow-amounts";
    public const string AlertsTopic = "k-shadow-alerts";
    public const string DeadLetterTopic = "k-shadow-dead-letters";
    public const string AmountType = "test.kafka.amount";
    public const string AlertType = "test.kafka.alert";
    public const int LiveThreshold = 50;
    public const int CandidateThreshold = 30;
}
