using Confluent.Kafka;
using Orleans.Configuration;
using Orleans.TestingHost;
using Reactor.Abstractions;
using Reactor.DevBroker;
using Reactor.Inference.Agents;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Tests.Kafka;

/// <summary>
/// A Kafka-fed silo (DevBroker, Kafka stream provider, local-disk state) whose model endpoint hangs: every entity keeps
/// ingesting, those whose rules need no model and those whose agents wait alike, and the waiting agents finish once the
/// endpoint answers again.
/// </summary>
public sealed class EndpointOutageTests : IDisposable
{
    private const int TickEntities = 40;
    private const int TicksEach = 15;
    private const int Baskets = 12;
    private const int ItemsEach = 4;
    private readonly TempDirectory _data = new("endpoint-outage");
    private readonly TaskCompletionSource _outageOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _outageOver.TrySetResult();
        _data.Dispose();
    }

    [Fact]
    public async Task Endpoint_outage_does_not_stop_ingestion_and_waiting_agents_finish_when_it_answers_again()
    {
        await using var model = await FakeChatServer.StartAsync(async (_, context) =>
        {
            await _outageOver.Task.WaitAsync(context.RequestAborted);
            await FakeChatServer.Text(context, """{"message":"Still thinking of you","discount":5}""");
        });
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(_data.Path, "broker"), DefaultPartitions = 4 });
        var cluster = await StartAsync(broker.BootstrapServers, model.Endpoint);
        try
        {
            await ProduceAsync(broker.BootstrapServers);

            await Eventually.Until("every entity applied all its events while the model endpoint hangs", async () =>
            {
                var ticks = await Task.WhenAll(Enumerable.Range(0, TickEntities).Select(i => cluster.Client.GetGrain<ITickGrain>($"t{i}").GetSnapshotAsync()));
                var baskets = await Task.WhenAll(Enumerable.Range(0, Baskets).Select(i => cluster.Client.GetGrain<IBasketGrain>($"b{i}").GetSnapshotAsync()));
                return ticks.All(s => s.StateVersion == TicksEach) && baskets.All(s => s.StateVersion == ItemsEach);
            }, TimeSpan.FromMinutes(3));
            Assert.False(_outageOver.Task.IsCompleted);
            await Eventually.Until("the agents reached the hanging endpoint", () => model.Requests.Count > 0);
            var waiting = Assert.Single(await cluster.Client.GetGrain<IBasketGrain>("b0").GetDecisionsAsync(DateTimeOffset.MinValue));
            Assert.Equal(ActionOutcome.Pending, Assert.Single(waiting.Actions).Outcome);

            _outageOver.SetResult();

            await Eventually.Until("every basket's agent completed with the model's answer", async () =>
            {
                var decisions = await Task.WhenAll(Enumerable.Range(0, Baskets).Select(i => cluster.Client.GetGrain<IBasketGrain>($"b{i}").GetDecisionsAsync(DateTimeOffset.MinValue)));
                return decisions.All(d => d.Count == 1 && d[0].Actions.Single().Outcome == ActionOutcome.Succeeded);
            }, TimeSpan.FromMinutes(3));
            var action = Assert.Single(Assert.Single(await cluster.Client.GetGrain<IBasketGrain>("b0").GetDecisionsAsync(DateTimeOffset.MinValue)).Actions);
            Assert.Equal(("agent", OutageTopics.Agent), (action.Kind, action.Target));
            Assert.False(action.Details!.ContainsKey(InferenceDetails.Fallback));
            Assert.Equal("test-model", action.Details[InferenceDetails.ModelId]);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private async Task<InProcessTestCluster> StartAsync(string bootstrapServers, Uri endpoint)
    {
        var builder = new InProcessTestClusterBuilder(1);
        var data = _data.Path;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r
                .AddEventType<Tick>(OutageTopics.TickType)
                .AddEventType<ItemAdded>(OutageTopics.ItemType)
                .UseInMemoryDeadLetters());
            silo.AddKafkaStreams("kafka", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = "outage-tests";
                o.Topics.Add(new KafkaTopicOptions { Name = OutageTopics.Ticks, Partitions = 4 });
                o.Topics.Add(new KafkaTopicOptions { Name = OutageTopics.Baskets, Partitions = 4 });
                o.CreateTopics = true;
            });
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(data, "state"));
            silo.Services.AddReactorInference(null, i => i.AddAgent<CartLeft, WinBackOffer>(OutageTopics.Agent, a => a
                .UseModel(WinBack.Model)
                .WithPrompt(WinBack.Prompt)
                .Fallback(_ => new WinBackOffer("fallback", 0))));
            silo.Services.ConfigureReactorInference(o =>
            {
                var model = WinBack.ModelAt(endpoint);
                model.MaxConcurrency = 2;
                model.Timeout = TimeSpan.FromMinutes(5);
                o.Models[WinBack.Model] = model;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task ProduceAsync(string bootstrapServers)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        for (var round = 0; round < Math.Max(TicksEach, ItemsEach); round++)
        {
            for (var i = 0; i < TickEntities && round < TicksEach; i++)
            {
                Produce(producer, OutageTopics.Ticks, $"t{i}", TestCloudEvents.Create(OutageTopics.TickType, $"t{i}", new Tick(round)));
            }

            for (var i = 0; i < Baskets && round < ItemsEach; i++)
            {
                Produce(producer, OutageTopics.Baskets, $"b{i}", TestCloudEvents.Create(OutageTopics.ItemType, $"b{i}", new ItemAdded($"sku-{round}")));
            }
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        await Task.CompletedTask;
    }

    private static void Produce(IProducer<string, byte[]> producer, string topic, string key, ReadOnlyMemory<byte> json) =>
        producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = json.ToArray() });
}
