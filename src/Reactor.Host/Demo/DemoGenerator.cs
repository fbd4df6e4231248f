using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reactor.Host.Configuration;
using Reactor.Runtime.Sources;
using Reactor.Samples.Commerce.Generator;

namespace Reactor.Host.Demo;

/// <summary>Feeds the commerce event generator's output into the in-process source at the configured rate.</summary>
internal sealed partial class DemoGenerator(
    InProcessEventSource source,
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

        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var generator = new CommerceEventGenerator(settings.Customers, settings.Seed, time, settings.InvalidEventRatio);
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
                    await source.PublishAsync(next.Topic, next.CloudEventJson, next.Key, cancellationToken: stoppingToken);
                }

                if (settings.MaxEvents > 0 && sent >= settings.MaxEvents)
                {
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

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo generator started: {Rate} events/s over {Customers} customers")]
    private static partial void LogStarted(ILogger logger, int rate, int customers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo generator finished after {Count} events")]
    private static partial void LogFinished(ILogger logger, long count);
}
