using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.Sources;
using Reactor.Runtime.Tests.Domain;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Grains;

/// <summary>
/// After a rewind resets an entity, the state it wrote before the reset no longer counts as durable for the rewound
/// topic: a checkpoint that trusted it would commit replayed offsets whose rebuilt state was never written, and a crash
/// would then lose them from the rebuild.
/// </summary>
public sealed class EntityRewindDurabilityTests
{
    [Fact]
    public async Task Checkpoint_after_a_reset_reports_nothing_durable_for_the_rewound_topic_until_the_rebuilt_state_is_written()
    {
        await using var cluster = await ReactorTestCluster.StartAsync(r => r.AddTallyTypes());
        const string entity = "rewound";
        var grain = cluster.Client.GetGrain<ITallyGrain>(entity);
        PublishResult? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await cluster.PublishAsync(TallyTypes.Topic, TestCloudEvents.Create(TallyTypes.Added, entity, new Added(1)));
        }

        Assert.NotNull(last);
        var key = last.Position.PartitionKey;
        await Eventually.Until("the three events are applied", async () => (await grain.GetSnapshotAsync()).StateVersion == 3);
        Assert.Equal(last.Position.Offset, (await grain.FlushAsync())[key]);
        Assert.Empty((await grain.CheckpointAsync()).Epochs!);

        // The first event again, stamped with a rewind's epoch, as the Kafka transport delivers a replay.
        var replayed = Replayed(entity, last.Position with { Offset = last.Position.Offset - 2 });
        var stream = cluster.SiloServices.GetRequiredService<IClusterClient>().GetStreamProvider("reactor").GetStream<EventEnvelope>(StreamId.Create(TallyTypes.Topic, entity));
        await stream.OnNextAsync(replayed);
        await Eventually.Until("the entity resets and applies the replayed event", async () => (await grain.GetSnapshotAsync()).StateVersion == 1);

        var afterReset = await grain.CheckpointAsync();
        Assert.Equal(replayed.Position.Offset, afterReset.Applied[key]);
        Assert.False(afterReset.Durable.ContainsKey(key), "the state written before the reset must not count as durable for the rewound topic");
        Assert.Equal(1, afterReset.Epochs![TallyTypes.Topic]);

        await Eventually.Until(
            "the rebuilt state to be written",
            async () => (await grain.CheckpointAsync()).Durable.GetValueOrDefault(key, -1) == replayed.Position.Offset);
        Assert.Equal(replayed.Position.Offset, (await grain.FlushAsync())[key]);
    }

    private static EventEnvelope Replayed(string entity, LogPosition position) => new()
    {
        Id = $"replayed-{position.Offset}",
        Source = "/tests",
        Type = TallyTypes.Added,
        EntityId = entity,
        Time = DateTimeOffset.UtcNow,
        Position = position,
        Data = JsonSerializer.SerializeToUtf8Bytes(new Added(1), ReactorJson.Options),
        ReceivedAt = DateTimeOffset.UtcNow,
        Epoch = 1,
        EpochTopics = [TallyTypes.Topic],
        IsReplay = true,
    };
}
