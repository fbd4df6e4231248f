using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.DevBroker;
using Reactor.Runtime.Actions;
using Reactor.Streaming.Kafka.Egress;
using Reactor.Streaming.Kafka.Tests.Encoding;
using static Reactor.Streaming.Kafka.Tests.Egress.KafkaTestClients;

namespace Reactor.Streaming.Kafka.Tests.Egress;

public sealed class KafkaEventEmitterTests
{
    [Theory]
    [InlineData(KafkaEventFormat.CloudEventsBinary)]
    [InlineData(KafkaEventFormat.CloudEventsStructured)]
    public async Task EmitAsync_ThroughDevBroker_DecodesToTheSameEvent(KafkaEventFormat format)
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DefaultPartitions = 1 });
        var topic = Unique("emit");
        var emitted = KafkaEventEncoderTests.Emitted(topic);
        using (var emitter = new KafkaEventEmitter(Producer(broker.BootstrapServers), NullLogger<KafkaEventEmitter>.Instance, new KafkaEgressOptions { Format = format }))
        {
            await emitter.EmitAsync(emitted);
        }

        using var consumer = Consumer(broker.BootstrapServers, topic);
        var record = ConsumeN(consumer, 1).Single();
        consumer.Close();

        Assert.Equal("customer-7", System.Text.Encoding.UTF8.GetString(record.Message.Key!));
        var result = TestRecords.Decoder().Decode(record, KafkaEventFormat.Auto);
        Assert.True(result.IsValid, result.Detail);
        var envelope = result.Envelope;
        Assert.Equal(new LogPosition(topic, 0, record.Offset.Value), envelope.Position);
        Assert.Equal("idem-1", envelope.Id);
        Assert.Equal(TestRecords.OrderPlacedType, envelope.Type);
        Assert.Equal("reactor://customer/customer-7", envelope.Source);
        Assert.Equal("customer-7", envelope.EntityId);
        Assert.Equal(new OrderPlaced("o-9", 4.5m), JsonSerializer.Deserialize<OrderPlaced>(envelope.Data.Span, ReactorJson.Options));
        Assert.Equal("idem-1", envelope.Headers[EmittedEvent.IdempotencyKeyHeader]);
        Assert.Equal(TestRecords.TraceParent, envelope.Headers[EmittedEvent.TraceParentHeader]);
        var expectedMode = format == KafkaEventFormat.CloudEventsBinary ? "ce_specversion" : "content-type";
        Assert.Contains(record.Message.Headers, header => header.Key == expectedMode);
    }

    [Fact]
    public async Task EmitAsync_ManyEntities_KeepsEachEntitysOrderWithinItsPartition()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DefaultPartitions = 4 });
        var topic = Unique("emit-many");
        using (var emitter = new KafkaEventEmitter(Producer(broker.BootstrapServers), NullLogger<KafkaEventEmitter>.Instance))
        {
            var sends = Enumerable.Range(0, 200).Select(i => emitter.EmitAsync(Event(topic, $"customer-{i % 10}", i)));
            await Task.WhenAll(sends);
        }

        using var consumer = Consumer(broker.BootstrapServers, Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = ConsumeN(consumer, 200);
        consumer.Close();

        var decoder = TestRecords.Decoder();
        var envelopes = records.Select(record => decoder.Decode(record, KafkaEventFormat.CloudEventsBinary).Envelope!).ToList();
        Assert.Equal(200, envelopes.Select(e => e.Id).Distinct().Count());
        foreach (var entity in envelopes.GroupBy(e => e.EntityId))
        {
            Assert.Single(entity.Select(e => e.Position.Partition).Distinct());
            var sequence = entity.OrderBy(e => e.Position.Offset).Select(e => int.Parse(e.Id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }
    }

    [Fact]
    public async Task EmitAsync_Unacknowledged_ThrowsNamingTheTopic()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = false });
        var config = Producer(broker.BootstrapServers);
        config.MessageTimeoutMs = 2_000;
        var topic = Unique("missing");
        using var emitter = new KafkaEventEmitter(config, NullLogger<KafkaEventEmitter>.Instance);

        var error = await Assert.ThrowsAsync<KafkaEgressException>(() => emitter.EmitAsync(KafkaEventEncoderTests.Emitted(topic)));

        Assert.Equal(topic, error.Topic);
        Assert.Contains($"'{topic}'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Error);
        Assert.IsType<ProduceException<byte[]?, byte[]?>>(error.InnerException);
    }

    [Fact]
    public async Task EmitAsync_AfterDispose_Throws()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions());
        var emitter = new KafkaEventEmitter(Producer(broker.BootstrapServers), NullLogger<KafkaEventEmitter>.Instance);
        emitter.Dispose();
        emitter.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => emitter.EmitAsync(KafkaEventEncoderTests.Emitted(Unique("t"))));
    }

    [Fact]
    public async Task Producer_LibrdkafkaLogs_GoToTheLogger()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DefaultPartitions = 1 });
        var config = Producer(broker.BootstrapServers);
        config.Debug = "msg";
        var logger = new ListLogger<KafkaEventEmitter>();
        using (var emitter = new KafkaEventEmitter(config, logger))
        {
            await emitter.EmitAsync(KafkaEventEncoderTests.Emitted(Unique("logged")));
        }

        Assert.Contains(logger.Entries, entry => entry.EventId.Id == 1 && entry.Message.StartsWith("librdkafka ", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_ConfigWithoutIdempotenceOrAllAcks_IsRefusedNamingTheSetting()
    {
        var noIdempotence = new ProducerConfig { BootstrapServers = "127.0.0.1:9", EnableIdempotence = false };
        var leaderAck = new ProducerConfig { BootstrapServers = "127.0.0.1:9", Acks = Acks.Leader };
        var noBootstrap = new ProducerConfig();

        Assert.Contains("EnableIdempotence", Assert.Throws<ArgumentException>(() => new KafkaEventEmitter(noIdempotence, NullLogger<KafkaEventEmitter>.Instance)).Message, StringComparison.Ordinal);
        Assert.Contains("Acks", Assert.Throws<ArgumentException>(() => new KafkaEventEmitter(leaderAck, NullLogger<KafkaEventEmitter>.Instance)).Message, StringComparison.Ordinal);
        Assert.Contains("BootstrapServers", Assert.Throws<ArgumentException>(() => new KafkaEventEmitter(noBootstrap, NullLogger<KafkaEventEmitter>.Instance)).Message, StringComparison.Ordinal);
        Assert.Contains("Format", Assert.Throws<ArgumentException>(() => new KafkaEventEmitter(new ProducerConfig { BootstrapServers = "127.0.0.1:9" }, NullLogger<KafkaEventEmitter>.Instance, new KafkaEgressOptions { Format = KafkaEventFormat.Auto })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveConfig_ForcesIdempotenceAndPassesEverythingElseThroughWithoutTouchingTheCaller()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = "broker-1:9093",
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = SaslMechanism.ScramSha512,
            SaslUsername = "reactor",
            ClientId = "reactor-egress",
        };
        config.Set("linger.ms", "7");

        var effective = KafkaEgressProducer.EffectiveConfig(config, "test");

        Assert.True(effective.EnableIdempotence);
        Assert.Equal(Acks.All, effective.Acks);
        Assert.Equal("broker-1:9093", effective.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, effective.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, effective.SaslMechanism);
        Assert.Equal("reactor", effective.SaslUsername);
        Assert.Equal("reactor-egress", effective.ClientId);
        Assert.Equal("7", effective.Get("linger.ms"));
        Assert.Null(config.EnableIdempotence);
        Assert.Null(config.Acks);
    }

    private static EmittedEvent Event(string topic, string entityId, int sequence) =>
        new(
            topic,
            entityId,
            Runtime.Events.CloudEventJson.Encode(
                $"evt-{sequence}",
                "/tests",
                TestRecords.OrderPlacedType,
                entityId,
                DateTimeOffset.UnixEpoch.AddSeconds(sequence),
                JsonSerializer.SerializeToElement(new OrderPlaced($"o-{sequence}", sequence), ReactorJson.Options)),
            $"idem-{sequence}");
}
