using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Reactor.Streaming.Kafka.Providers;

namespace Reactor.Streaming.Kafka.Replay;

/// <summary>
/// Keeps the rewinds of one Kafka stream provider (grain key = provider name) in the entities' grain storage
/// (<c>Reactor:StorageName</c>), so they survive restarts: partition readers need them to stamp epochs after a restart too.
/// </summary>
internal sealed partial class KafkaRewindGrain(ILogger<KafkaRewindGrain> logger, TimeProvider? time = null) : Grain, IKafkaRewindGrain
{
    private const string StateName = "kafka-rewinds";
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private IGrainStorage? _storage;
    private GrainState<KafkaRewindLog> _log = new(new KafkaRewindLog());

    private string ProviderName => this.GetPrimaryKeyString();

    private KafkaRewindLog Log => _log.State ?? throw new InvalidOperationException("The rewind grain is not activated.");

    private IGrainStorage Storage => _storage ?? throw new InvalidOperationException("The rewind grain is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var storageName = ServiceProvider.GetRequiredService<IOptions<ReactorOptions>>().Value.StorageName;
        _storage = ServiceProvider.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"Grain storage '{storageName}' (Reactor:StorageName) is not registered; Kafka rewinds are kept there.");
        _log = new GrainState<KafkaRewindLog>();
        await _storage.ReadStateAsync(StateName, this.GetGrainId(), _log);
        _log.State ??= new KafkaRewindLog();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<KafkaRewindStatus> RewindAsync(KafkaRewindRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Target);
        if (request.EntityId is { } entity && string.IsNullOrWhiteSpace(entity))
        {
            throw new ArgumentException("The entity id of a rewind must not be blank; leave it null to rebuild every entity.", nameof(request));
        }

        var options = ServiceProvider.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(ProviderName);
        var known = options.Topics.Select(t => t.Name).ToList();
        if (known.Count == 0)
        {
            throw new ArgumentException($"There is no Kafka stream provider named '{ProviderName}' with topics.", nameof(request));
        }

        var unknown = request.Topics.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Kafka stream provider '{ProviderName}' does not read {string.Join(", ", unknown.Select(t => $"'{t}'"))}; it reads {string.Join(", ", known.Select(t => $"'{t}'"))}.", nameof(request));
        }

        var topics = request.Topics.Count == 0 ? known : request.Topics.Distinct(StringComparer.Ordinal).ToList();
        var entry = new KafkaRewindEntry
        {
            Id = Log.LastId + 1,
            Topics = topics,
            EntityId = request.EntityId,
            TargetKind = request.Target.Kind,
            TargetOffset = request.Target.Offset,
            TargetTimestamp = request.Target.Timestamp,
            RequestedAt = _time.GetUtcNow(),
            Partitions = PartitionsOf(options, topics),
        };
        Log.LastId = entry.Id;
        Log.Rewinds.Add(entry);
        await Storage.WriteStateAsync(StateName, this.GetGrainId(), _log);
        LogRewind(logger, entry.Id, ProviderName, string.Join(", ", topics), entry.EntityId ?? "all entities", entry.Target.ToString());
        return StatusOf(entry);
    }

    public Task<KafkaRewindStatus?> GetStatusAsync(long id) =>
        Task.FromResult(Log.Rewinds.Find(r => r.Id == id) is { } entry ? StatusOf(entry) : null);

    public Task<IReadOnlyList<KafkaRewindStatus>> ListAsync() =>
        Task.FromResult<IReadOnlyList<KafkaRewindStatus>>(Log.Rewinds.Select(StatusOf).ToList());

    public Task<IReadOnlyList<KafkaPartitionRewind>> GetPartitionRewindsAsync(string topic, int partition)
    {
        var result = new List<KafkaPartitionRewind>();
        foreach (var entry in Log.Rewinds)
        {
            if (entry.Partitions.Find(p => p.Topic == topic && p.Partition == partition) is { } p)
            {
                result.Add(new KafkaPartitionRewind
                {
                    Id = entry.Id,
                    Topics = entry.Topics,
                    EntityId = entry.EntityId,
                    Target = entry.Target,
                    Started = p.Started,
                    From = p.From,
                    End = p.End,
                    Committed = p.Committed,
                    Position = p.Position,
                });
            }
        }

        return Task.FromResult<IReadOnlyList<KafkaPartitionRewind>>(result);
    }

    public async Task StartedAsync(long id, string topic, int partition, long from, long end, long committed)
    {
        var p = Log.Rewinds.Find(r => r.Id == id)?.Partitions.Find(p => p.Topic == topic && p.Partition == partition)
            ?? throw new ArgumentException($"Rewind {id} has no partition {topic}/{partition}.", nameof(id));
        p.Started = true;
        p.From = from;
        p.End = end;
        p.Committed = committed;
        p.Position = from;
        await Storage.WriteStateAsync(StateName, this.GetGrainId(), _log);
        LogPartitionStarted(logger, id, topic, partition, from, end);
    }

    public async Task ReportAsync(string topic, int partition, long committed)
    {
        var completed = false;
        foreach (var p in Log.Rewinds.SelectMany(r => r.Partitions).Where(p => p.Started && !p.IsComplete && p.Topic == topic && p.Partition == partition))
        {
            p.Position = Math.Max(p.Position, committed);
            completed |= p.IsComplete;
        }

        // Progress in between is kept in memory only; a finished partition is worth a write.
        if (completed)
        {
            await Storage.WriteStateAsync(StateName, this.GetGrainId(), _log);
        }
    }

    private static KafkaRewindStatus StatusOf(KafkaRewindEntry entry) => new()
    {
        Id = entry.Id,
        Topics = entry.Topics,
        EntityId = entry.EntityId,
        Target = entry.Target,
        RequestedAt = entry.RequestedAt,
        Partitions = entry.Partitions.Select(p => new KafkaRewindPartitionStatus
        {
            Topic = p.Topic,
            Partition = p.Partition,
            Started = p.Started,
            From = p.From,
            End = p.End,
            Position = p.Position,
        }).ToList(),
    };

    private List<KafkaRewindPartitionEntry> PartitionsOf(KafkaStreamOptions options, IReadOnlyList<string> topics)
    {
        using var admin = KafkaClients.CreateAdmin(options, logger);
        var partitions = new List<KafkaRewindPartitionEntry>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, options.MetadataTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.Code != Confluent.Kafka.ErrorCode.NoError || metadata.Partitions.Count == 0)
            {
                throw new InvalidOperationException($"Topic '{topic}' is not available on {options.Consumer.BootstrapServers} ({metadata?.Error.Reason ?? "no metadata"}); nothing was rewound.");
            }

            partitions.AddRange(metadata.Partitions.OrderBy(p => p.PartitionId).Select(p => new KafkaRewindPartitionEntry { Topic = topic, Partition = p.PartitionId }));
        }

        return partitions;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewind {Id} of Kafka stream provider {Provider}: {Topics} for {Entity} from {Target}")]
    private static partial void LogRewind(ILogger logger, long id, string provider, string topics, string entity, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewind {Id}: {Topic}/{Partition} replays offsets {From} to {End}")]
    private static partial void LogPartitionStarted(ILogger logger, long id, string topic, int partition, long from, long end);
}
