using Confluent.Kafka;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Delivery;

/// <summary>A smooth stream of increments over a set of counter entities, never quiet for long, recording what it sent.</summary>
internal static class SteadyLoad
{
    /// <summary>Produces up to <paramref name="maxEvents"/> increments, ten at a time 5 ms apart, until <paramref name="stop"/>.</summary>
    /// <param name="bootstrapServers">The broker.</param>
    /// <param name="prefix">The entity id prefix.</param>
    /// <param name="entities">How many entities the events go to, at random.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="maxEvents">The most events to send.</param>
    /// <param name="expected">Receives each entity's amounts in the order sent.</param>
    /// <param name="stop">Stops producing.</param>
    /// <returns>A task that completes once the events sent are flushed to the broker.</returns>
    public static Task ProduceAsync(string bootstrapServers, string prefix, int entities, int seed, int maxEvents, Dictionary<string, List<int>> expected, CancellationToken stop) =>
        Task.Run(async () =>
        {
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 2 }).Build();
            var random = new Random(seed);
            for (var sent = 0; sent < maxEvents && !stop.IsCancellationRequested; sent++)
            {
                var id = $"{prefix}-{random.Next(entities)}";
                var amount = random.Next(1, 100);
                var json = TestCloudEvents.Create(CounterEntity.IncrementType, id, new Increment(amount)).ToArray();
                producer.Produce(CounterEntity.Topic, new Message<string, byte[]> { Key = id, Value = json });
                (expected.TryGetValue(id, out var list) ? list : expected[id] = []).Add(amount);
                if (sent % 10 == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
                }
            }

            producer.Flush(TimeSpan.FromMinutes(1));
        }, CancellationToken.None);
}
