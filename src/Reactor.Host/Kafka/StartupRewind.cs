using System.Globalization;
using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Host.Kafka;

/// <summary>Runs the rewind asked for in <c>Reactor:Rewind</c> once the silo is up, printing its progress until it completes.</summary>
internal sealed class StartupRewind(IGrainFactory grains, IHostApplicationLifetime lifetime, string providerName, KafkaRewindRequest request, TimeSpan progressInterval, TextWriter? output = null) : BackgroundService
{
    private readonly TextWriter _output = output ?? Console.Out;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once the whole host has started (the HTTP server starts last), so a Ctrl+C after "complete" never lands mid-start.
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        var rewinds = grains.GetKafkaRewinds(providerName);
        var existing = (await rewinds.ListAsync()).LastOrDefault(IsSameRequest);
        if (existing is not null)
        {
            await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rewind {existing.Id} from {existing.Target} was already requested at {existing.RequestedAt:u}; not starting another (remove Reactor:Rewind to stop asking)."));
        }

        var status = existing ?? await rewinds.RewindAsync(request);
        if (existing is null)
        {
            await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rewind {status.Id} started: {string.Join(", ", status.Topics)} from {status.Target} for {status.EntityId ?? "every entity"}."));
        }

        try
        {
            var done = await rewinds.WaitForCompletionAsync(status.Id, new Progress(_output), progressInterval, stoppingToken);
            await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Rewind {done.Id} complete: {done.ReplayedEvents:N0} events replayed across {done.Partitions.Count} partitions."));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the rewind goes on at the next start.
        }
    }

    private bool IsSameRequest(KafkaRewindStatus status) =>
        status.Target == request.Target
        && status.EntityId == request.EntityId
        && (request.Topics.Count == 0 || status.Topics.Order(StringComparer.Ordinal).SequenceEqual(request.Topics.Order(StringComparer.Ordinal)));

    private sealed class Progress(TextWriter output) : IProgress<KafkaRewindStatus>
    {
        public void Report(KafkaRewindStatus value)
        {
            if (!value.IsComplete)
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Rewind {value.Id}: {value.Progress:P0} ({value.ReplayedEvents:N0}/{value.EventsToReplay:N0} events), {value.Partitions.Count(p => p.IsComplete)}/{value.Partitions.Count} partitions done"));
            }
        }
    }
}
