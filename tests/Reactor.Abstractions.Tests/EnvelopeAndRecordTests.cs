using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Reactor.Abstractions.Tests;

public sealed class EnvelopeAndRecordTests
{
    private static readonly Serializer OrleansSerializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Envelope_round_trips_through_the_orleans_serializer()
    {
        var envelope = new EventEnvelope
        {
            Id = "e-1",
            Source = "/tests",
            Type = "test.added",
            EntityId = "entity/with spaces",
            Time = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            Position = new LogPosition("topic", 3, 42),
            Data = "{\"amount\":1}"u8.ToArray(),
            ReceivedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 1, TimeSpan.Zero),
            Headers = new Dictionary<string, string> { ["traceparent"] = "00-abc-def-01" },
        };

        var copy = OrleansSerializer.Deserialize<EventEnvelope>(OrleansSerializer.SerializeToArray(envelope))!;

        Assert.Equal((envelope.Id, envelope.Type, envelope.EntityId, envelope.Time, envelope.Position), (copy.Id, copy.Type, copy.EntityId, copy.Time, copy.Position));
        Assert.Equal(envelope.Data.ToArray(), copy.Data.ToArray());
        Assert.Equal("00-abc-def-01", copy.Headers["traceparent"]);
    }

    [Fact]
    public void Effective_time_is_event_time_else_receive_time()
    {
        var received = DateTimeOffset.UnixEpoch.AddDays(1);
        var envelope = new EventEnvelope { Id = "e", Source = "/s", Type = "t", EntityId = "x", Position = new("t", 0, 0), Data = default, ReceivedAt = received };

        Assert.Equal(received, envelope.EffectiveTime);
        Assert.Equal(received.AddHours(-1), (envelope with { Time = received.AddHours(-1) }).EffectiveTime);
    }

    [Fact]
    public void Decision_record_round_trips_through_json_and_orleans()
    {
        var record = new DecisionRecord
        {
            Id = DecisionRecord.CreateId("customer", "c1", "fraud", 2, new LogPosition("payments", 1, 7)),
            EntityType = "customer",
            EntityId = "c1",
            RuleId = "fraud",
            RuleVersion = 2,
            TriggerEventId = "e-7",
            TriggerEventType = "payment.failed",
            TriggerPosition = new LogPosition("payments", 1, 7),
            StateVersion = 3,
            EventTime = DateTimeOffset.UnixEpoch,
            DecidedAt = DateTimeOffset.UnixEpoch.AddSeconds(1),
            Actions = [new ActionRecord("emit", "customer-actions", "key#0", "{}", ActionOutcome.Succeeded)],
            Details = new Dictionary<string, string> { ["score"] = "0.97" },
        };

        var fromJson = JsonSerializer.Deserialize<DecisionRecord>(JsonSerializer.Serialize(record, ReactorJson.Options), ReactorJson.Options)!;
        var fromOrleans = OrleansSerializer.Deserialize<DecisionRecord>(OrleansSerializer.SerializeToArray(record))!;

        Assert.Equal("customer/c1/fraud/v2/payments/1/7", record.Id);
        foreach (var copy in new[] { fromJson, fromOrleans })
        {
            Assert.Equal((record.Id, record.TriggerPosition, record.StateVersion, record.DecidedAt), (copy.Id, copy.TriggerPosition, copy.StateVersion, copy.DecidedAt));
            Assert.Equal(record.Actions, copy.Actions);
            Assert.Equal("0.97", copy.Details["score"]);
        }
    }

    [Fact]
    public void Log_position_json_has_no_derived_fields()
    {
        var json = JsonSerializer.Serialize(new LogPosition("payments", 2, 9), ReactorJson.Options);

        Assert.Equal("{\"topic\":\"payments\",\"partition\":2,\"offset\":9}", json);
        Assert.Equal("payments/2", new LogPosition("payments", 2, 9).PartitionKey);
    }

    [Fact]
    public void Snapshot_deserializes_its_state()
    {
        var snapshot = new EntitySnapshot { EntityType = "t", EntityId = "x", StateVersion = 1, Positions = new Dictionary<string, long>(), StateJson = "{\"count\":4}" };

        Assert.Equal(4, snapshot.GetState<Counter>().Count);
    }

    private sealed class Counter
    {
        public int Count { get; set; }
    }
}
