using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Reactor.DevBroker;
using Reactor.TestInfrastructure;

namespace Reactor.Benchmarks.DevBroker;

/// <summary>
/// Produces and then drains N messages of each size through the DevBroker with Confluent.Kafka, side by side with
/// the same workload against librdkafka's in-process mock cluster in the same run, and prints both with ratios.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/Reactor.Benchmarks -- devbroker [--messages N] [--rounds N] [--warmup N] [--sizes 100,1024] [--only devbroker|mock] [--flush-ms N]</c>.
/// Both brokers run in this process on loopback and share its cores with the client. Topics are auto-created with
/// 4 partitions on both (the mock's fixed default). Producer: acks=all, linger.ms=5, 64 keys. Drain: one consumer
/// assigned every partition from the beginning (no group), librdkafka's default fetch sizes, with a deep local queue
/// and a short fetch.queue.backoff.ms so the client's own queue back-off does not dominate. The mock trims old
/// messages early, so its drain reads what its watermarks still hold and is rated on that count. The drain clock
/// starts at the first message received (excluding connection and offset lookup) and stops at the last. Each
/// (broker, size, phase) is run <c>--rounds</c> times, alternating brokers, and the median round is reported.
/// </remarks>
internal static class DevBrokerThroughput
{
    private const int Keys = 64;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = DevBrokerThroughputOptions.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"DevBroker throughput: {options.Messages:N0} messages per size, sizes [{string.Join(", ", options.Sizes)}] B, {options.Rounds} rounds, warm-up {options.WarmupMessages:N0}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));

        var results = new List<ThroughputResult>();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "reactor-bench-devbroker-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var mock = await MockKafkaCluster.StartAsync();
            var brokerOptions = new DevBrokerOptions
            {
                Port = 0,
                DataDirectory = dataDirectory,
                AutoCreateTopics = true,
                DefaultPartitions = 4,
            };
            if (options.FlushInterval is { } flushInterval)
            {
                brokerOptions.FlushInterval = flushInterval;
            }

            Console.WriteLine($"DevBroker FlushInterval: {(brokerOptions.FlushInterval == Timeout.InfiniteTimeSpan ? "only on stop" : brokerOptions.FlushInterval.TotalMilliseconds + " ms")}");
            await using var broker = await KafkaDevBroker.StartAsync(brokerOptions);

            var brokers = new (string Name, string Bootstrap)[] { ("librdkafka mock", mock.BootstrapServers), ("DevBroker", broker.BootstrapServers) }
                .Where(b => options.Only is null || b.Name == options.Only)
                .ToArray();
            if (options.WarmupMessages > 0)
            {
                foreach (var (name, bootstrap) in brokers)
                {
                    Console.WriteLine($"warm-up: {name}");
                    await RunWorkloadAsync(name, bootstrap, "warmup", 100, options.WarmupMessages);
                }
            }

            var rounds = new List<ThroughputResult>();
            foreach (var size in options.Sizes)
            {
                for (var round = 0; round < options.Rounds; round++)
                {
                    // Alternate which broker goes first so neither always runs on a warmer (or more cluttered) process.
                    foreach (var (name, bootstrap) in round % 2 == 0 ? brokers : brokers.Reverse())
                    {
                        var (produce, drain) = await RunWorkloadAsync(name, bootstrap, $"bench-{size}", size, options.Messages);
                        rounds.Add(produce);
                        rounds.Add(drain);
                        Console.WriteLine($"round {round + 1}: {produce.ToMarkdownRow()}");
                        Console.WriteLine($"round {round + 1}: {drain.ToMarkdownRow()}");
                    }
                }
            }
            results.AddRange(rounds
                .GroupBy(r => (r.MessageBytes, r.Broker, r.Phase))
                .Select(g => g.OrderBy(r => r.MessagesPerSecond).ElementAt(g.Count() / 2))
                .OrderBy(r => r.MessageBytes).ThenBy(r => r.Broker != "librdkafka mock").ThenBy(r => r.Phase != "produce"));
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // The broker never created it.
            }
        }

        Console.WriteLine();
        Console.WriteLine(Report(results));
        return 0;
    }

    private static string Report(IReadOnlyList<ThroughputResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| Broker | Message | Phase | Messages | Seconds | msg/s | MB/s | Process CPU s |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            text.AppendLine(result.ToMarkdownRow());
        }
        text.AppendLine();
        text.AppendLine("| Message | Phase | DevBroker / mock (msg/s) |");
        text.AppendLine("|---|---|---:|");
        foreach (var group in results.GroupBy(r => (r.MessageBytes, r.Phase)).Where(g => g.Count() == 2))
        {
            var mock = group.Single(r => r.Broker != "DevBroker");
            var dev = group.Single(r => r.Broker == "DevBroker");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.MessageBytes} B | {group.Key.Phase} | {dev.MessagesPerSecond / mock.MessagesPerSecond:F2} |"));
        }
        return text.ToString();
    }

    private static async Task<(ThroughputResult Produce, ThroughputResult Drain)> RunWorkloadAsync(string brokerName, string bootstrap, string topicPrefix, int size, int messages)
    {
        var topic = $"{topicPrefix}-{Guid.NewGuid():N}";
        var produce = await Task.Run(() => Produce(brokerName, bootstrap, topic, size, messages));
        var drain = await Task.Run(() => Drain(brokerName, bootstrap, topic, size));
        return (produce, drain);
    }

    private static ThroughputResult Produce(string brokerName, string bootstrap, string topic, int size, int messages)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            LingerMs = 5,
            QueueBufferingMaxMessages = 1_000_000,
            QueueBufferingMaxKbytes = 1_048_576,
        };
        using var producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        var keys = Enumerable.Range(0, Keys).Select(k => Encoding.ASCII.GetBytes($"key-{k}")).ToArray();
        var value = new byte[size];
        new Random(size).NextBytes(value);

        // Create the topic and connect before timing: one message, waited for (it is counted in the drain).
        producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = keys[0], Value = value }).GetAwaiter().GetResult();

        long failed = 0;
        Error? firstError = null;
        void OnDelivery(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                firstError ??= report.Error;
                Interlocked.Increment(ref failed);
            }
        }

        var cpuAtStart = ProcessCpu();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var message = new Message<byte[], byte[]> { Key = keys[i % Keys], Value = value };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivery);
                    break;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        var remaining = producer.Flush(PhaseTimeout);
        stopwatch.Stop();
        if (remaining > 0 || Interlocked.Read(ref failed) > 0)
        {
            throw new InvalidOperationException($"{brokerName}: {remaining} messages undelivered, {failed} failed (first error: {firstError})");
        }
        return new ThroughputResult(brokerName, size, "produce", messages, stopwatch.Elapsed, ProcessCpu() - cpuAtStart);
    }

    private static ThroughputResult Drain(string brokerName, string bootstrap, string topic, int size)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-drain-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // librdkafka pauses fetching for fetch.queue.backoff.ms (1 s) whenever its local queue is over
            // queued.min.messages; at these rates that turns into ~1 s stalls on either broker. Keep it fetching.
            QueuedMinMessages = 1_000_000,
            FetchQueueBackoffMs = 10,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Partitions.Select(p => p.PartitionId).ToList();
        long available = 0;
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(30));
            available += watermarks.High.Value - watermarks.Low.Value;
        }

        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var stopwatch = new Stopwatch();
        var cpuAtStart = TimeSpan.Zero;
        long read = 0;
        var deadline = DateTime.UtcNow + PhaseTimeout;
        while (read < available)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{brokerName}: drained {read} of {available} messages in {PhaseTimeout}");
            }
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is not null)
            {
                // The clock starts at the first message: connecting and looking up offsets are not throughput.
                if (read++ == 0)
                {
                    cpuAtStart = ProcessCpu();
                    stopwatch.Start();
                }
            }
        }
        stopwatch.Stop();
        var cpu = ProcessCpu() - cpuAtStart;
        consumer.Close();
        return new ThroughputResult(brokerName, size, "drain", read - 1, stopwatch.Elapsed, cpu);
    }

    /// <summary>CPU time used so far by this whole process: client threads, both brokers, the runtime.</summary>
    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
