using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Owns every topic's partitions under <c>&lt;data&gt;/topics</c>; creates, loads, deletes and maintains them.</summary>
internal sealed class LogManager : IDisposable
{
    private const int MaxPartitions = 10_000;
    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private readonly DevBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly string _topicsDirectory;
    private readonly string _stagingDirectory;
    private readonly LogWriter _writer;

    /// <summary>Creates the manager over <paramref name="dataDirectory"/>; call <see cref="Load"/> next.</summary>
    public LogManager(string dataDirectory, DevBrokerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _topicsDirectory = Path.Combine(dataDirectory, "topics");
        _stagingDirectory = Path.Combine(dataDirectory, "staging");
        _writer = new LogWriter(logger);
    }

    /// <summary>Gets the greatest producer id found in stored batches.</summary>
    public long MaxProducerId { get; private set; } = -1;

    /// <summary>Gets a snapshot of all topics.</summary>
    public IReadOnlyCollection<TopicLog> Topics => [.. _topics.Values];

    /// <summary>Loads every topic found on disk and starts the background segment writer.</summary>
    public void Load()
    {
        _writer.Start();
        Directory.CreateDirectory(_topicsDirectory);
        if (Directory.Exists(_stagingDirectory))
        {
            Directory.Delete(_stagingDirectory, recursive: true);
        }

        foreach (var topicDirectory in Directory.GetDirectories(_topicsDirectory))
        {
            var name = Path.GetFileName(topicDirectory);
            if (!TopicNames.IsValid(name))
            {
                continue;
            }

            var partitionDirectories = Directory.GetDirectories(topicDirectory)
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1)
                .Where(p => p >= 0)
                .Order()
                .ToList();
            if (partitionDirectories.Count == 0 || partitionDirectories[^1] != partitionDirectories.Count - 1)
            {
                BrokerLog.SkippedTopicDirectory(_logger, topicDirectory);
                continue;
            }

            var partitions = new PartitionLog[partitionDirectories.Count];
            for (var p = 0; p < partitions.Length; p++)
            {
                partitions[p] = PartitionLog.Load(name, p, Path.Combine(topicDirectory, p.ToString(CultureInfo.InvariantCulture)), _options, _logger, _writer);
                MaxProducerId = Math.Max(MaxProducerId, partitions[p].MaxProducerId);
            }

            _topics[name] = new TopicLog(name, topicDirectory, partitions);
            BrokerLog.LoadedTopic(_logger, name, partitions.Length);
        }
    }

    /// <summary>Finds a topic by name.</summary>
    public TopicLog? Get(string name) => _topics.TryGetValue(name, out var topic) ? topic : null;

    /// <summary>Finds a topic, creating it with the default partition count when auto-creation is on.</summary>
    public TopicLog? GetOrAutoCreate(string name, bool allowAutoCreate)
    {
        var topic = Get(name);
        if (topic is not null || !allowAutoCreate || !_options.AutoCreateTopics || !TopicNames.IsValid(name))
        {
            return topic;
        }

        return Create(name, _options.DefaultPartitions, validateOnly: false).Topic;
    }

    /// <summary>Creates a topic; an existing one is returned with <see cref="KafkaErrorCode.TopicAlreadyExists"/>.</summary>
    public TopicCreateOutcome Create(string name, int partitions, bool validateOnly)
    {
        if (!TopicNames.IsValid(name))
        {
            return new TopicCreateOutcome(KafkaErrorCode.InvalidTopicException, $"Topic name '{name}' is illegal: use up to {TopicNames.MaxLength} of [a-zA-Z0-9._-].", null);
        }

        if (partitions is < 1 or > MaxPartitions)
        {
            return new TopicCreateOutcome(KafkaErrorCode.InvalidPartitions, $"Partition count must be between 1 and {MaxPartitions}.", null);
        }

        lock (_createLock)
        {
            if (_topics.TryGetValue(name, out var existing))
            {
                return new TopicCreateOutcome(KafkaErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.", existing);
            }

            if (validateOnly)
            {
                return new TopicCreateOutcome(KafkaErrorCode.None, null, null);
            }

            // Build the topic in a staging directory and move it into place, so a crash never leaves half a topic.
            var staging = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N"));
            var logs = new PartitionLog[partitions];
            for (var p = 0; p < partitions; p++)
            {
                PartitionLog.Create(name, p, Path.Combine(staging, p.ToString(CultureInfo.InvariantCulture)), _options).Dispose();
            }

            var directory = Path.Combine(_topicsDirectory, name);
            Directory.Move(staging, directory);
            for (var p = 0; p < partitions; p++)
            {
                logs[p] = PartitionLog.Load(name, p, Path.Combine(directory, p.ToString(CultureInfo.InvariantCulture)), _options, _logger, _writer);
            }

            var topic = new TopicLog(name, directory, logs);
            _topics[name] = topic;
            BrokerLog.CreatedTopic(_logger, name, partitions);
            return new TopicCreateOutcome(KafkaErrorCode.None, null, topic);
        }
    }

    /// <summary>Deletes a topic and its data.</summary>
    public KafkaErrorCode Delete(string name)
    {
        lock (_createLock)
        {
            if (!_topics.TryRemove(name, out var topic))
            {
                return KafkaErrorCode.UnknownTopicOrPartition;
            }

            foreach (var partition in topic.Partitions)
            {
                partition.Dispose();
            }

            var trash = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_stagingDirectory);
            Directory.Move(topic.Directory, trash);
            try
            {
                Directory.Delete(trash, recursive: true);
            }
            catch (IOException ex)
            {
                BrokerLog.DeleteFailed(_logger, trash, ex);
            }

            BrokerLog.DeletedTopic(_logger, name);
            return KafkaErrorCode.None;
        }
    }

    /// <summary>Applies retention to every partition.</summary>
    public void EnforceRetention()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                var deleted = partition.EnforceRetention(now);
                if (deleted > 0)
                {
                    BrokerLog.RetentionDeleted(_logger, topic.Name, partition.Partition, deleted, partition.LogStartOffset);
                }
            }
        }
    }

    /// <summary>Writes what partitions still hold in memory and forces all written data to the storage device.</summary>
    public void FlushToDisk()
    {
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.FlushToDisk();
            }
        }
    }

    /// <summary>Stops the background writer, then writes, flushes and closes every partition.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.Dispose();
            }
        }

        _topics.Clear();
    }
}
