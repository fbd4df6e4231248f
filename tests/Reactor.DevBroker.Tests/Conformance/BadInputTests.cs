using System.Buffers.Binary;
using Reactor.DevBroker.Tests.Conformance.Fuzz;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>
/// The issue's bad-input list, one case at a time over raw TCP: each gets the protocol's error response or a closed
/// connection for that client alone, the broker keeps serving a connection opened before it, and nothing is stored.
/// </summary>
public sealed class BadInputTests
{
    private const int MaxFrameBytes = 64 * 1024;
    private const string Topic = "bad-input";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static TheoryData<string> CorruptBatches => new()
    {
        "bad CRC",
        "record bytes changed after the CRC was computed",
        "batchLength longer than the batch",
        "batchLength shorter than the batch",
        "magic 1",
        "control batch",
        "transactional batch",
        "lastOffsetDelta below recordCount - 1",
        "negative lastOffsetDelta",
        "recordCount larger than the records present",
        "recordCount smaller than the records present",
        "recordCount 0",
        "lastOffsetDelta beyond recordCount - 1",
        "record length varint corrupted",
        "unknown compression codec 5",
    };

    [Theory]
    [MemberData(nameof(CorruptBatches))]
    public async Task Corrupt_record_batch_gets_an_error_or_a_closed_connection_and_is_not_stored(string corruption)
    {
        await using var broker = await DevBrokerUnderTest.StartAsync(o => o.MaxFrameBytes = MaxFrameBytes);
        await using var bystander = await RawKafkaConnection.ConnectAsync(broker.Port);
        var before = await ProduceAsync(broker.Port, ValidBatch("before"), correlationId: 1);
        Assert.True(before.Error == 0, $"a valid batch was refused with error {before.Error}");
        var highBefore = await HighWatermarkAsync(broker.Port);

        var batch = Corrupt(ValidBatch("corrupt"), corruption);
        var seed = RequestCorpus.Produce(corruption, 7, Topic, 0, acks: -1, batch, correlationId: 2);
        RawOutcome outcome;
        List<(string? Topic, int Partition, short Error, long BaseOffset)>? answer = null;
        await using (var connection = await RawKafkaConnection.ConnectAsync(broker.Port))
        {
            Assert.True(await connection.TrySendAsync(seed.Frame));
            (outcome, var body) = await connection.ReadResponseAsync(2, Wait);
            if (outcome == RawOutcome.Responded)
            {
                answer = KafkaResponses.Produce(body!, 7);
            }
        }
        var highAfterCorrupt = await HighWatermarkAsync(broker.Port);
        await AssertServesAsync(bystander, $"the connection opened before the {corruption} batch");
        var after = await ProduceAsync(broker.Port, ValidBatch("after"), correlationId: 3);
        Assert.True(after.Error == 0, $"after the {corruption} batch a valid batch got error {after.Error}");

        // First the consequence: every acknowledged record, before and after, is still readable by a real client.
        List<ConsumedRecord> records;
        try
        {
            records = await ConfluentProbe.ReadAllAsync(broker.BootstrapServers, Topic, partitions: 1, TimeSpan.FromSeconds(15));
        }
        catch (Exception ex) when (ex is TimeoutException or Confluent.Kafka.ConsumeException)
        {
            records = [];
            Assert.Fail($"{corruption}: after the broker answered {outcome} {Describe(answer)} (high watermark {highBefore} -> {highAfterCorrupt}), " +
                $"Confluent.Kafka can no longer read partition 0 to its end: {ex.Message}");
        }
        var values = records.Select(r => r.Value).ToList();
        foreach (var expected in new[] { "before-one", "before-two", "before-three", "after-one", "after-two", "after-three" })
        {
            Assert.True(values.Contains(expected),
                $"{corruption}: acknowledged record '{expected}' is not readable; read [{string.Join(", ", values)}]; the corrupt batch got {outcome} {Describe(answer)}");
        }

        // Then the protocol: an error response or a closed connection, and nothing stored.
        Assert.True(outcome != RawOutcome.NoAnswer, $"{corruption}: neither an error response nor a closed connection within {Wait.TotalSeconds} s");
        Assert.True(outcome == RawOutcome.Closed || (answer!.Count == 1 && answer[0].Error != 0),
            $"{corruption}: the broker acknowledged a corrupt batch: {Describe(answer)}; high watermark {highBefore} -> {highAfterCorrupt}; Confluent.Kafka then read [{string.Join(", ", values)}]");
        Assert.True(highAfterCorrupt == highBefore, $"{corruption}: refused, yet the high watermark moved {highBefore} -> {highAfterCorrupt}");
        Assert.True(after.BaseOffset == highBefore, $"after the {corruption} batch a valid batch landed at offset {after.BaseOffset}, expected {highBefore}");
    }

    [Theory]
    [InlineData(MaxFrameBytes + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    public async Task Frame_size_over_the_limit_or_invalid_closes_only_that_connection(int size)
    {
        await using var broker = await DevBrokerUnderTest.StartAsync(o => o.MaxFrameBytes = MaxFrameBytes);
        await using var bystander = await RawKafkaConnection.ConnectAsync(broker.Port);
        await AssertServesAsync(bystander, "the bystander, before");

        await using (var connection = await RawKafkaConnection.ConnectAsync(broker.Port))
        {
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, size);
            Assert.True(await connection.TrySendAsync(prefix));
            Assert.True(await connection.WaitForCloseAsync(Wait),
                $"a frame announcing {size} bytes (limit {MaxFrameBytes}) did not get its connection closed within {Wait.TotalSeconds} s");
        }

        await AssertServesAsync(bystander, $"the bystander, after a {size}-byte frame");
        var produced = await ProduceAsync(broker.Port, ValidBatch(), correlationId: 9);
        Assert.Equal(0, produced.Error);
    }

    [Theory]
    [InlineData((short)1000, (short)0)]
    [InlineData((short)-1, (short)0)]
    [InlineData((short)24, (short)0)]   // AddPartitionsToTxn: not implemented, so not advertised
    [InlineData((short)0, (short)99)]  // Produce at a version nobody advertised
    [InlineData((short)3, (short)-1)]  // Metadata at a negative version
    public async Task Unknown_api_key_or_version_gets_an_error_or_a_closed_connection(short apiKey, short apiVersion)
    {
        await using var broker = await DevBrokerUnderTest.StartAsync(o => o.MaxFrameBytes = MaxFrameBytes);
        await using var bystander = await RawKafkaConnection.ConnectAsync(broker.Port);
        await using (var connection = await RawKafkaConnection.ConnectAsync(broker.Port))
        {
            Assert.True(await connection.TrySendAsync(WireWriter.Frame(apiKey, apiVersion, 77, new byte[16])));
            var (outcome, body) = await connection.ReadResponseAsync(77, Wait);
            Assert.True(outcome != RawOutcome.NoAnswer, $"api key {apiKey} v{apiVersion}: no answer and no close within {Wait.TotalSeconds} s");
            if (outcome == RawOutcome.Responded)
            {
                Assert.True(body!.Length >= 2, $"api key {apiKey} v{apiVersion}: an empty response body");
            }
        }
        await AssertServesAsync(bystander, $"the bystander, after api key {apiKey} v{apiVersion}");
    }

    [Fact]
    public async Task ApiVersions_at_an_unsupported_version_answers_UNSUPPORTED_VERSION_with_a_v0_body()
    {
        // librdkafka relies on this to negotiate down (KIP-511); a disconnect would make it assume a pre-0.10 broker.
        await using var broker = await DevBrokerUnderTest.StartAsync();
        await using var connection = await RawKafkaConnection.ConnectAsync(broker.Port);
        // Every ApiVersions version from 3 on uses the flexible request header; a newer client sends its v3-style body.
        var request = new WireWriter().CompactString("future-client").CompactString("9.9.9").EmptyTags().ToArray();
        Assert.True(await connection.TrySendAsync(WireWriter.Frame(18, 99, 5, request, flexibleHeader: true)));
        var (outcome, body) = await connection.ReadResponseAsync(5, Wait);
        Assert.Equal(RawOutcome.Responded, outcome);
        var (error, apis) = KafkaResponses.ApiVersionsV0(body!);
        Assert.Equal(35, error);
        Assert.Contains(apis, a => a.Key == 18 && a.Max >= 3);
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("bad name")]
    [InlineData("star*name")]
    public async Task Invalid_topic_names_are_refused_and_create_nothing_outside_the_data_directory(string name)
    {
        await using var broker = await DevBrokerUnderTest.StartAsync();
        await using var connection = await RawKafkaConnection.ConnectAsync(broker.Port);

        var create = new WireWriter().Array([name], (w, t) => w.String(t).Int32(1).Int16(1).Int32(0).Int32(0)).Int32(5000);
        Assert.True(await connection.TrySendAsync(WireWriter.Frame(19, 0, 1, create.ToArray())));
        var (outcome, body) = await connection.ReadResponseAsync(1, Wait);
        if (outcome == RawOutcome.Responded)
        {
            var topics = KafkaResponses.CreateTopicsV0(body!);
            Assert.True(topics.Count == 1 && topics[0].Error == 17, $"CreateTopics '{name}': expected INVALID_TOPIC_EXCEPTION (17), got {string.Join(", ", topics)}");
        }
        else
        {
            Assert.True(outcome == RawOutcome.Closed, $"CreateTopics '{name}': no answer within {Wait.TotalSeconds} s");
        }

        await using (var metadataConnection = await RawKafkaConnection.ConnectAsync(broker.Port))
        {
            var metadata = new WireWriter().Array([name], (w, t) => w.String(t)).Int8(1);
            Assert.True(await metadataConnection.TrySendAsync(WireWriter.Frame(3, 4, 2, metadata.ToArray())));
            var (metadataOutcome, metadataBody) = await metadataConnection.ReadResponseAsync(2, Wait);
            Assert.True(metadataOutcome != RawOutcome.NoAnswer, $"Metadata '{name}': no answer within {Wait.TotalSeconds} s");
            if (metadataOutcome == RawOutcome.Responded)
            {
                var topics = KafkaResponses.MetadataTopics(metadataBody!, 4);
                Assert.True(topics.All(t => t.Error != 0), $"Metadata with auto-create of '{name}' succeeded: {string.Join(", ", topics)}");
            }
        }

        await using (var produceConnection = await RawKafkaConnection.ConnectAsync(broker.Port))
        {
            var seed = RequestCorpus.Produce("invalid topic", 7, name, 0, acks: -1, correlationId: 3);
            Assert.True(await produceConnection.TrySendAsync(seed.Frame));
            var (produceOutcome, produceBody) = await produceConnection.ReadResponseAsync(3, Wait);
            Assert.True(produceOutcome != RawOutcome.NoAnswer, $"Produce to '{name}': no answer within {Wait.TotalSeconds} s");
            if (produceOutcome == RawOutcome.Responded)
            {
                var partitions = KafkaResponses.Produce(produceBody!, 7);
                Assert.True(partitions.All(p => p.Error != 0), $"Produce to '{name}' was acknowledged: {string.Join(", ", partitions)}");
            }
        }

        var entries = Directory.EnumerateFileSystemEntries(broker.RootDirectory).Select(Path.GetFileName).ToList();
        Assert.True(entries.SequenceEqual(["data"]), $"'{name}' created files next to the data directory: {string.Join(", ", entries)}");
    }

    private static byte[] ValidBatch(string prefix = "valid") =>
        RecordBatchBuilder.Build([("k1", prefix + "-one"), ("k2", prefix + "-two"), ("k1", prefix + "-three")]);

    private static string Describe(List<(string? Topic, int Partition, short Error, long BaseOffset)>? answer) =>
        answer is null ? "(no response)" : string.Join(", ", answer.Select(a => $"[partition {a.Partition}: error {a.Error}, base offset {a.BaseOffset}]"));

    private static byte[] Corrupt(byte[] batch, string corruption)
    {
        switch (corruption)
        {
            case "bad CRC":
                batch[RecordBatchBuilder.CrcOffset] ^= 0xFF;
                return batch;
            case "record bytes changed after the CRC was computed":
                batch[^1] ^= 0x01;
                return batch;
            case "batchLength longer than the batch":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), batch.Length - 12 + 10);
                return batch;
            case "batchLength shorter than the batch":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), batch.Length - 12 - 10);
                return batch;
            case "magic 1":
                batch[16] = 1;
                return batch;
            case "control batch":
                return RecordBatchBuilder.Build([("k1", "one")], attributes: 0x20);
            case "transactional batch":
                return RecordBatchBuilder.Build([("k1", "one")], attributes: 0x10, producerId: 1, producerEpoch: 0, baseSequence: 0);
            case "lastOffsetDelta below recordCount - 1":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 0);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "negative lastOffsetDelta":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), -5);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "recordCount larger than the records present":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 50);
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 49);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "recordCount smaller than the records present":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 1);
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 0);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "recordCount 0":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 0);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "lastOffsetDelta beyond recordCount - 1":
                BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(23), 100);
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "record length varint corrupted":
                batch[RecordBatchBuilder.HeaderSize] = 0xFF;
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            case "unknown compression codec 5":
                batch[RecordBatchBuilder.AttributesOffset + 1] = 5;
                RecordBatchBuilder.FixCrc(batch);
                return batch;
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption), corruption, "unknown corruption");
        }
    }

    private static async Task<(short Error, long BaseOffset)> ProduceAsync(int port, byte[] batch, int correlationId)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        var seed = RequestCorpus.Produce("valid", 7, Topic, 0, acks: -1, batch, correlationId);
        Assert.True(await connection.TrySendAsync(seed.Frame));
        var (outcome, body) = await connection.ReadResponseAsync(correlationId, Wait);
        Assert.True(outcome == RawOutcome.Responded, $"a valid Produce v7 got {outcome}");
        var partition = Assert.Single(KafkaResponses.Produce(body!, 7));
        return (partition.Error, partition.BaseOffset);
    }

    private static async Task<long> HighWatermarkAsync(int port)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        var request = new WireWriter().Int32(-1).Array([Topic], (w, t) => w.String(t).Array([0], (pw, p) => pw.Int32(p).Int64(-1)));
        Assert.True(await connection.TrySendAsync(WireWriter.Frame(2, 1, 11, request.ToArray())));
        var (outcome, body) = await connection.ReadResponseAsync(11, Wait);
        Assert.True(outcome == RawOutcome.Responded, $"ListOffsets v1 got {outcome}");
        var partition = Assert.Single(KafkaResponses.ListOffsetsV1(body!));
        Assert.Equal(0, partition.Error);
        return partition.Offset;
    }

    private static async Task AssertServesAsync(RawKafkaConnection connection, string who)
    {
        const int correlationId = 4242;
        Assert.True(await connection.TrySendAsync(WireWriter.Frame(18, 0, correlationId, [])), $"{who}: could not send");
        var (outcome, body) = await connection.ReadResponseAsync(correlationId, Wait);
        Assert.True(outcome == RawOutcome.Responded, $"{who}: ApiVersions got {outcome}");
        Assert.Equal(0, KafkaResponses.ApiVersionsV0(body!).Error);
    }
}
