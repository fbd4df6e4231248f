using BenchmarkDotNet.Running;
using Reactor.Benchmarks.Cache;
using Reactor.Benchmarks.DevBroker;
using Reactor.Benchmarks.LocalDisk;
using Reactor.Benchmarks.Streams;

// Scenarios by name; anything else goes to BenchmarkDotNet's switcher (micro-benchmarks in this assembly).
if (args.Length > 0 && args[0] == "devbroker")
{
    return await DevBrokerThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "kafka-e2e")
{
    return await Reactor.Benchmarks.Kafka.KafkaEndToEnd.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "kafka-idle")
{
    return await Reactor.Benchmarks.Kafka.IdleReadCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "memory-streams")
{
    return await MemoryStreamThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "localdisk-writes")
{
    return await LocalDiskWriteThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "durable-timers")
{
    return await Reactor.Benchmarks.Rules.DurableTimerThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "azureblob")
{
    return await Reactor.Benchmarks.AzureBlob.AzureBlobThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cache")
{
    return await CacheThroughput.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scoring")
{
    return await Reactor.Benchmarks.Scoring.ScoringOverhead.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "localdisk-cost")
{
    return await LocalDiskCostShape.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "kafka-recovery")
{
    return await Reactor.Benchmarks.Kafka.KafkaRecovery.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scale")
{
    return await Reactor.Benchmarks.Kafka.EntityScale.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "gc-survivors")
{
    return Reactor.Benchmarks.Profiling.GcSurvivors.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
