using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Reactor.DevBroker.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Broker;

public sealed class AdminTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AdminClient_CreatesAndDeletesTopics_WithKafkaErrors()
    {
        await using var broker = await TestBroker.StartAsync(output);
        using var admin = new AdminClientBuilder(Clients.Admin(broker.BootstrapServers)).Build();
        var topic = Clients.Unique("admin");
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 3, ReplicationFactor = 1 }]);

        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var described = Assert.Single(metadata.Topics);
        Assert.Equal(ErrorCode.NoError, described.Error.Code);
        Assert.Equal(3, described.Partitions.Count);
        Assert.All(described.Partitions, p => Assert.Equal(0, p.Leader));
        Assert.Equal(0, metadata.OriginatingBrokerId);

        var duplicate = await Assert.ThrowsAsync<CreateTopicsException>(
            () => admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 3, ReplicationFactor = 1 }]));
        Assert.Equal(ErrorCode.TopicAlreadyExists, duplicate.Results.Single().Error.Code);

        var replicated = await Assert.ThrowsAsync<CreateTopicsException>(
            () => admin.CreateTopicsAsync([new TopicSpecification { Name = Clients.Unique("r3"), NumPartitions = 1, ReplicationFactor = 3 }]));
        Assert.Equal(ErrorCode.InvalidReplicationFactor, replicated.Results.Single().Error.Code);

        await admin.DeleteTopicsAsync([topic]);
        var all = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(all.Topics, t => t.Topic == topic);

        var missing = await Assert.ThrowsAsync<DeleteTopicsException>(() => admin.DeleteTopicsAsync([topic]));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, missing.Results.Single().Error.Code);
    }

    [Fact]
    public async Task A_topic_its_data_directory_cannot_hold_fails_with_a_storage_error_and_the_connection_keeps_serving()
    {
        await using var broker = await TestBroker.StartAsync(output);
        using var admin = new AdminClientBuilder(Clients.Admin(broker.BootstrapServers)).Build();
        var blocked = Clients.Unique("blocked");
        // A file where the topic's directory must go: moving the staged partitions into place fails.
        await File.WriteAllTextAsync(Path.Combine(broker.DataDirectory, "topics", blocked), "not a directory");

        var failed = await Assert.ThrowsAsync<CreateTopicsException>(
            () => admin.CreateTopicsAsync([new TopicSpecification { Name = blocked, NumPartitions = 2, ReplicationFactor = 1 }]));
        var result = failed.Results.Single();
        Assert.Equal(ErrorCode.KafkaStorageError, result.Error.Code);
        Assert.Contains($"could not create topic '{blocked}'", result.Error.Reason, StringComparison.Ordinal);

        var next = Clients.Unique("after");
        await admin.CreateTopicsAsync([new TopicSpecification { Name = next, NumPartitions = 1, ReplicationFactor = 1 }]);
        Assert.Equal(ErrorCode.NoError, Assert.Single(admin.GetMetadata(next, TimeSpan.FromSeconds(10)).Topics).Error.Code);
    }

    [Fact]
    public async Task AdminClient_ListsAndDescribesGroups_AndReadsCommittedOffsets()
    {
        await using var broker = await TestBroker.StartAsync(output);
        var topic = Clients.Unique("groups");
        var group = Clients.Unique("g");
        await ConsumerGroupTests.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        await ConsumerGroupTests.ProduceKeyedAsync(broker.BootstrapServers, topic, 0, 40);
        using var admin = new AdminClientBuilder(Clients.Admin(broker.BootstrapServers)).Build();

        using (var consumer = new ConsumerBuilder<string, string>(Clients.Consumer(broker.BootstrapServers, group)).Build())
        {
            consumer.Subscribe(topic);
            ProduceConsumeTests.ConsumeN(consumer, 40);
            consumer.Commit();

            var listed = await admin.ListConsumerGroupsAsync();
            Assert.Contains(listed.Valid, g => g.GroupId == group);

            var description = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single();
            Assert.Equal(ConsumerGroupState.Stable, description.State);
            var member = Assert.Single(description.Members);
            Assert.Equal(2, member.Assignment.TopicPartitions.Count);
            consumer.Close();
        }

        var afterClose = (await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions.Single();
        Assert.Equal(ConsumerGroupState.Empty, afterClose.State);

        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
        var committed = offsets.Single().Partitions;
        Assert.Equal(2, committed.Count);
        Assert.Equal(40, committed.Sum(p => p.Offset.Value));
    }
}
