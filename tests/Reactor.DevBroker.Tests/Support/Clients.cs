using Confluent.Kafka;

namespace Reactor.DevBroker.Tests.Support;

/// <summary>Builds Confluent.Kafka configurations suited to the in-process broker.</summary>
public static class Clients
{
    public static ProducerConfig Producer(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        Acks = Acks.All,
        LingerMs = 5,
        BrokerAddressFamily = BrokerAddressFamily.V4,
    };

    public static ConsumerConfig Consumer(string bootstrap, string groupId) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
        CheckCrcs = true,
        BrokerAddressFamily = BrokerAddressFamily.V4,
    };

    public static AdminClientConfig Admin(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        BrokerAddressFamily = BrokerAddressFamily.V4,
    };

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
