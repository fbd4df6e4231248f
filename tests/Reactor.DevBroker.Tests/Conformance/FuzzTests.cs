using System.Diagnostics;
using Confluent.Kafka;
using Reactor.DevBroker.Tests.Conformance.Fuzz;
using Reactor.DevBroker.Tests.Conformance.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>
/// Feeds the broker random frames and seeded mutations of valid requests over raw TCP, and checks after every
/// round that it still serves real clients and that nothing acknowledged before (or during) the fuzzing is lost,
/// also across a restart.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int MaxFrameBytes = 1 << 20;
    private const int CasesPerRound = 220;
    private const int Parallelism = 4;
    private const int ProbeCorrelationId = 0x7E57;
    private static readonly int[] Seeds = [1, 2, 3, 5, 8, 13, 21, 34];
    private static readonly TimeSpan CaseWait = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Random_and_mutated_frames_leave_the_broker_serving_and_lose_nothing_acknowledged()
    {
        await using var broker = await DevBrokerUnderTest.StartAsync(o => o.MaxFrameBytes = MaxFrameBytes);
        var b = broker.BootstrapServers;
        const string protectedTopic = "acked-before-fuzz";
        const string fuzzTopic = "fuzz-target";
        const string liveTopic = "live-during-fuzz";
        const string capturedTopic = "captured-target";

        // Acknowledged before the fuzzing: on a topic the fuzzer never names, and on the topic it produces to.
        var protectedAcks = await ConfluentProbe.ProduceAsync(b, protectedTopic, 0, 200, 9);
        var fuzzTopicAcks = await ConfluentProbe.ProduceAsync(b, fuzzTopic, 0, 40, 9);

        // A producer and a consumer that stay connected through the fuzzing: the broker must keep serving them.
        using var liveProducer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = b, Acks = Acks.All, LingerMs = 0 })
            .SetLogHandler((_, _) => { }).Build();
        using var liveConsumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = b,
            GroupId = "live-reader",
            EnableAutoCommit = false,
            CheckCrcs = true,
            FetchWaitMaxMs = 50,
        }).SetLogHandler((_, _) => { }).Build();
        var livePartition = new TopicPartition(liveTopic, 0);
        await liveProducer.ProduceAsync(livePartition, new Message<string, string> { Key = "live", Value = "live-start" });
        liveConsumer.Assign(new TopicPartitionOffset(livePartition, Offset.Beginning));
        await ExpectLiveMessageAsync(liveConsumer, "live-start");

        // The corpus: requests written from the specification, and real librdkafka 2.16 request bytes captured
        // through a proxy (their Produce requests go to a topic of their own, also checked at the end).
        var (captured, capturedAcks) = await CapturedCorpus.CaptureAsync(broker.Port, capturedTopic, "captured-group");
        Assert.True(captured.Count >= 12 && captured.Any(c => c.BatchOffset > 0) && captured.Any(c => c.ApiKey == 1),
            $"the capture missed requests: {string.Join(", ", captured)}");
        var corpus = RequestCorpus.Build(fuzzTopic, "fuzz-group").Concat(captured).ToList();
        await AssertCorpusIsValidAsync(broker.Port, corpus);

        // Replaying librdkafka's idempotent Produce requests unchanged appended nothing: they are duplicates.
        var capturedHigh = ConfluentProbe.Watermarks(b, capturedTopic, 2).Sum(w => w.Value.High.Value);
        Assert.True(capturedHigh == capturedAcks.Count,
            $"replayed idempotent Produce requests were appended again: {capturedTopic} holds {capturedHigh} records, {capturedAcks.Count} were produced");
        output.WriteLine($"corpus: {string.Join(", ", corpus)}");

        var outcomes = new Dictionary<RawOutcome, int>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var seed in Seeds)
        {
            var mutator = new FrameMutator(seed, corpus, MaxFrameBytes);
            var cases = Enumerable.Range(0, CasesPerRound).Select(_ => mutator.Next()).ToList();
            var results = new RawOutcome[cases.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, _) => results[i] = await RunCaseAsync(broker.Port, cases[i]));
            foreach (var outcome in results)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }

            // After each round: a fresh connection is served, and the connected clients still produce and consume.
            await AssertApiVersionsAnswersAsync(broker.Port, $"after fuzz round with seed {seed}");
            var marker = $"live-after-seed-{seed}";
            var ack = await liveProducer.ProduceAsync(livePartition, new Message<string, string> { Key = "live", Value = marker });
            Assert.Equal(PersistenceStatus.Persisted, ack.Status);
            await ExpectLiveMessageAsync(liveConsumer, marker);
        }
        output.WriteLine($"{Seeds.Length * CasesPerRound} fuzz cases in {stopwatch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")));

        // Acknowledged after the fuzzing, on the topic the fuzzer wrote to: still readable at their offsets.
        var lateAcks = await ConfluentProbe.ProduceAsync(b, fuzzTopic, 40, 40, 9);

        await AssertAcknowledgedReadableAsync(b, protectedTopic, protectedAcks, exact: true, "after fuzzing");
        await AssertAcknowledgedReadableAsync(b, fuzzTopic, [.. fuzzTopicAcks, .. lateAcks], exact: false, "after fuzzing");
        await AssertAcknowledgedReadableAsync(b, capturedTopic, capturedAcks, exact: false, "after fuzzing");
        AssertNothingEscapedDataDirectory(broker);

        // What was stored survives a restart, fuzzed batches included.
        await broker.RestartAsync();
        await AssertAcknowledgedReadableAsync(b, protectedTopic, protectedAcks, exact: true, "after fuzzing and a restart");
        await AssertAcknowledgedReadableAsync(b, fuzzTopic, [.. fuzzTopicAcks, .. lateAcks], exact: false, "after fuzzing and a restart");
        var afterRestart = await ConfluentProbe.ProduceAsync(b, protectedTopic, 200, 20, 9);
        await AssertAcknowledgedReadableAsync(b, protectedTopic, [.. protectedAcks, .. afterRestart], exact: true, "after a produce following the restart");
    }

    /// <summary>Sends one case on a fresh connection, then a valid ApiVersions probe, and classifies what came back.</summary>
    private static async Task<RawOutcome> RunCaseAsync(int port, FuzzCase fuzzCase)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        if (!await connection.TrySendAsync(fuzzCase.Bytes))
        {
            return RawOutcome.Closed;
        }
        var probe = WireWriter.Frame(18, 0, ProbeCorrelationId, []);
        if (!await connection.TrySendAsync(probe))
        {
            return RawOutcome.Closed;
        }
        var (outcome, _) = await connection.ReadResponseAsync(ProbeCorrelationId, CaseWait);
        return outcome;
    }

    /// <summary>
    /// Checks the corpus itself: each request gets a response with its correlation id (replayed captured requests may
    /// legitimately get errors, such as a stale member id or a duplicate sequence; hand-written Produce must succeed).
    /// </summary>
    private static async Task AssertCorpusIsValidAsync(int port, IReadOnlyList<RequestSeed> corpus)
    {
        foreach (var seed in corpus)
        {
            await using var connection = await RawKafkaConnection.ConnectAsync(port);
            Assert.True(await connection.TrySendAsync(seed.Frame), $"could not send {seed}");
            if (seed.Name.Contains("acks=0", StringComparison.Ordinal))
            {
                // acks=0 gets no response; the probe behind it must.
                Assert.True(await connection.TrySendAsync(WireWriter.Frame(18, 0, ProbeCorrelationId, [])));
                var (probeOutcome, _) = await connection.ReadResponseAsync(ProbeCorrelationId, TimeSpan.FromSeconds(10));
                Assert.True(probeOutcome == RawOutcome.Responded, $"{seed}: the ApiVersions request behind it got {probeOutcome}");
                continue;
            }
            var (outcome, body) = await connection.ReadResponseAsync(seed.CorrelationId, TimeSpan.FromSeconds(10));
            Assert.True(outcome == RawOutcome.Responded, $"the valid seed request {seed} got {outcome}");
            if (seed.ApiKey == 0 && !seed.Name.StartsWith("captured", StringComparison.Ordinal))
            {
                var partitions = KafkaResponses.Produce(body!, seed.ApiVersion);
                Assert.True(partitions.Count == 1 && partitions[0].Error == 0, $"{seed}: {string.Join(", ", partitions)}");
            }
        }
    }

    private static async Task AssertApiVersionsAnswersAsync(int port, string when)
    {
        await using var connection = await RawKafkaConnection.ConnectAsync(port);
        Assert.True(await connection.TrySendAsync(WireWriter.Frame(18, 0, ProbeCorrelationId, [])), $"{when}: could not send ApiVersions");
        var (outcome, body) = await connection.ReadResponseAsync(ProbeCorrelationId, TimeSpan.FromSeconds(15));
        Assert.True(outcome == RawOutcome.Responded, $"{when}: ApiVersions v0 on a new connection got {outcome}");
        var (error, apis) = KafkaResponses.ApiVersionsV0(body!);
        Assert.True(error == 0 && apis.Any(a => a.Key == 18), $"{when}: ApiVersions v0 answered error {error} with {apis.Count} APIs");
    }

    private static async Task ExpectLiveMessageAsync(IConsumer<string, string> consumer, string value)
    {
        await Task.Run(() =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var seen = new List<string>();
            while (DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message is null)
                {
                    continue;
                }
                if (result.Message.Value == value)
                {
                    return;
                }
                seen.Add(result.Message.Value);
            }
            Assert.Fail($"The consumer connected before the fuzzing did not receive '{value}' within 30 s; it saw [{string.Join(", ", seen)}]");
        });
    }

    /// <summary>
    /// Reads <paramref name="topic"/> in full with CRC checks and asserts every acknowledged message is at its
    /// acknowledged offset; when <paramref name="exact"/>, nothing else is there either. Offsets must strictly increase.
    /// </summary>
    private static async Task AssertAcknowledgedReadableAsync(string bootstrap, string topic, IReadOnlyList<DeliveryResult<string, string>> acks, bool exact, string when)
    {
        var partitions = ConfluentProbe.PartitionCount(bootstrap, topic);
        var records = await ReadTolerantlyAsync(bootstrap, topic, partitions);
        if (exact)
        {
            // Elsewhere mutated replays of real Produce requests may legitimately append copies of these values
            // (as a new producer id, or to another partition), so per-key order is only checked where none can land.
            KeyedMessages.AssertPerKeyOrder(records, $"{topic} {when}");
        }
        foreach (var byPartition in records.GroupBy(r => r.Partition))
        {
            var offsets = byPartition.Select(r => r.Offset).ToList();
            Assert.True(offsets.Zip(offsets.Skip(1)).All(pair => pair.Second > pair.First),
                $"{topic} {when}: offsets in partition {byPartition.Key} do not strictly increase: {string.Join(", ", offsets.Take(50))}");
        }
        var byPosition = records.GroupBy(r => (r.Partition, r.Offset)).ToDictionary(g => g.Key, g => g.ToList());
        var duplicates = byPosition.Where(p => p.Value.Count > 1).Select(p => p.Key).Take(5).ToList();
        Assert.True(duplicates.Count == 0, $"{topic} {when}: several records read at the same offset: {string.Join(", ", duplicates)}");
        foreach (var ack in acks)
        {
            Assert.True(byPosition.TryGetValue((ack.Partition.Value, ack.Offset.Value), out var found) && found[0].Value == ack.Message.Value,
                $"{topic} {when}: '{ack.Message.Value}' acknowledged at {ack.TopicPartitionOffset} is not readable there (found {(found is null ? "nothing" : found[0].Value)})");
        }
        if (exact)
        {
            Assert.True(records.Count == acks.Count, $"{topic} {when}: {records.Count} records, {acks.Count} acknowledged");
        }
    }

    /// <summary>Reads every partition to its end; consume errors other than CRC failures are tolerated (fuzzed batches may be odd).</summary>
    private static async Task<List<ConsumedRecord>> ReadTolerantlyAsync(string bootstrap, string topic, int partitions)
    {
        return await Task.Run(() =>
        {
            using var consumer = new ConsumerBuilder<string?, string?>(new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "fuzz-verify-" + Guid.NewGuid().ToString("N"),
                EnableAutoCommit = false,
                EnablePartitionEof = true,
                CheckCrcs = true,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var records = new List<ConsumedRecord>();
            var atEnd = new HashSet<int>();
            var errors = new List<string>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (atEnd.Count < partitions)
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"Reading {topic}: {records.Count} records in 60 s, partitions at end [{string.Join(", ", atEnd)}]; errors: {string.Join("; ", errors)}");
                ConsumeResult<string?, string?>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                }
                catch (ConsumeException ex)
                {
                    Assert.False(ex.Error.Reason.Contains("CRC", StringComparison.OrdinalIgnoreCase),
                        $"Reading {topic}: a stored batch fails its CRC check: {ex.Error} at {ex.ConsumerRecord?.TopicPartitionOffset}");
                    errors.Add(ex.Error.ToString());
                    continue;
                }
                if (result is null)
                {
                    continue;
                }
                if (result.IsPartitionEOF)
                {
                    atEnd.Add(result.Partition.Value);
                    continue;
                }
                atEnd.Remove(result.Partition.Value);
                records.Add(new ConsumedRecord(result.Partition.Value, result.Offset.Value, result.Message.Key, result.Message.Value));
            }
            return records;
        });
    }

    private static void AssertNothingEscapedDataDirectory(DevBrokerUnderTest broker)
    {
        var entries = Directory.EnumerateFileSystemEntries(broker.RootDirectory).Select(Path.GetFileName).ToList();
        Assert.True(entries.SequenceEqual(["data"]), $"files appeared next to the data directory: {string.Join(", ", entries)}");
    }
}
