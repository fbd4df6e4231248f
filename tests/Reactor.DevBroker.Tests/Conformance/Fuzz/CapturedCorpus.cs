using System.Buffers.Binary;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Reactor.TestInfrastructure;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>
/// Real request bytes: runs a Confluent.Kafka (librdkafka 2.16) session through a <see cref="KafkaProtocolProxy"/> —
/// admin CreateTopics, an idempotent producer, a group consumer that commits, watermark queries — and keeps the
/// first two frames of every (API key, version) it sent.
/// </summary>
internal static class CapturedCorpus
{
    public static async Task<(IReadOnlyList<RequestSeed> Seeds, IReadOnlyList<DeliveryResult<string, string>> Acks)> CaptureAsync(
        int brokerPort, string topic, string group)
    {
        await using var proxy = new KafkaProtocolProxy(brokerPort);
        var bootstrap = $"127.0.0.1:{proxy.Port}";
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).SetLogHandler((_, _) => { }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2, ReplicationFactor = 1 }]);
        }
        var acks = await ConfluentProbe.ProduceAsync(bootstrap, topic, 0, 30, 5);
        await ConfluentProbe.GroupConsumeAsync(bootstrap, topic, group, 2, TimeSpan.FromSeconds(60));
        ConfluentProbe.Watermarks(bootstrap, topic, 2);

        var seeds = proxy.Requests
            .GroupBy(frame => (Key: BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(4)), Version: BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(6))))
            .OrderBy(g => g.Key.Key).ThenBy(g => g.Key.Version)
            .SelectMany(g => g.Take(2).Select((frame, i) => new RequestSeed(
                $"captured librdkafka key {g.Key.Key} v{g.Key.Version} #{i + 1}", g.Key.Key, g.Key.Version, frame, g.Key.Key == 0 ? ProduceBatchOffset(frame) : -1)))
            .ToList();
        return (seeds, acks);
    }

    /// <summary>Finds the first record batch in a non-flexible Produce (v3-v8) request frame.</summary>
    private static int ProduceBatchOffset(byte[] frame)
    {
        var position = 4 + 2 + 2 + 4;
        position += 2 + Math.Max(0, (int)BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(position))); // client id
        position += 2 + Math.Max(0, (int)BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(position))); // transactional id
        position += 2 + 4 + 4;                                                                           // acks, timeout, topic count
        position += 2 + BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(position));                    // topic name
        position += 4 + 4 + 4;                                                                           // partition count, partition, records length
        return position + RecordBatchBuilder.HeaderSize <= frame.Length ? position : -1;
    }
}
