using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Reactor.Host.Configuration;
using Reactor.Host.Kafka;
using Reactor.Samples.Commerce.Generator;

namespace Reactor.Host.Demo;

/// <summary>Produces the commerce event generator's output to Kafka at the configured rate, keyed by entity id.</summary>
internal sealed partial class DemoGenerator(
    DemoKafkaConnection kafka,
    IOptions<DemoOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DemoGenerator> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        var generator = new CommerceEventGenerator(settings.Customers, settings.Seed, time, settings.InvalidEventRatio);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            ClientId = "reactor-demo-generator",
        }).SetLogHandler((_, message) => LogClient(logger, message.Message)).Build();
        LogStarted(logger, settings.EventsPerSecond, settings.Customers);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * settings.EventsPerSecond);
                if (settings.MaxEvents > 0)
                {
                    due = Math.Min(due, settings.MaxEvents);
                }

                for (; sent < due && !stoppingToken.IsCancellationRequested; sent++)
                {
                    var next = generator.Next();
                    ProduceWithBackpressure(producer, next, stoppingToken);
                }

                if (settings.MaxEvents > 0 && sent >= settings.MaxEvents)
                {
                    producer.Flush(stoppingToken);
                    LogFinished(logger, sent);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: events already published are applied and flushed by the silo's shutdown.
        }
    }

    private static void ProduceWithBackpressure(IProducer<string, byte[]> producer, GeneratedEvent next, CancellationToken stoppingToken)
    {
        var message = new Message<string, byte[]> { Key = next.Key, Value = next.CloudEventJson.ToArray() };
        while (true)
        {
            try
            {
                producer.Produce(next.Topic, message);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                // The broker is slower than the target rate: wait for deliveries instead of dropping events.
                producer.Poll(TimeSpan.FromMilliseconds(100));
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo generator started: {Rate} events/s over {Customers} customers")]
    private static partial void LogStarted(ILogger logger, int rate, int customers);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo producer: {Message}")]
    private static partial void LogClient(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo generator finished after {Count} events")]
    private static partial void LogFinished(ILogger logger, long count);
}
