using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OpenTelemetry.Trace;
using Orleans.TestingHost;
using Reactor.DevBroker;
using Reactor.Runtime.Metrics;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>The W3C trace context of a Kafka event continues through its entity grain and into the events the entity emits.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Event_produced_with_a_traceparent_yields_grain_and_emitted_event_spans_in_its_trace()
    {
        using var data = new TempDirectory("host-tracing");
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(data.Path, "broker"), DefaultPartitions = 2 });
        var spans = new List<Activity>();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r.AddCommerceEventTypes());
            silo.AddKafkaStreams("reactor", o =>
            {
                o.Consumer.BootstrapServers = broker.BootstrapServers;
                o.Consumer.GroupId = "tracing-" + Guid.NewGuid().ToString("N");
                o.Topics.Add(new KafkaTopicOptions { Name = CommerceTopics.SignIns, Partitions = 2 });
                o.CreateTopics = true;
                o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
            });
            silo.AddMemoryGrainStorage("reactor");
            silo.AddReactorTracing();
            silo.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(ReactorActivities.SourceName).AddInMemoryExporter(spans));
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var customer = "c-traced-" + Guid.NewGuid().ToString("N");

        // A first device, so the second sign-in is from a new one and the rule emits a verification request.
        await ProduceSignInAsync(broker.BootstrapServers, customer, "phone", traceParent: null);
        await Eventually.Until("the first sign-in to be applied", async () => (await cluster.Client.GetGrain<ICustomerGrain>(customer).GetSnapshotAsync()).StateVersion == 1);
        var traceId = ActivityTraceId.CreateRandom();
        var producerSpan = ActivitySpanId.CreateRandom();
        await ProduceSignInAsync(broker.BootstrapServers, customer, "laptop", $"00-{traceId}-{producerSpan}-01");

        var emitted = await ReadEmittedAsync(broker.BootstrapServers, customer);
        Activity? process = null;
        Activity? send = null;
        await Eventually.Until("the grain and send spans to be exported", () =>
        {
            lock (spans)
            {
                process = spans.FirstOrDefault(s => s.TraceId == traceId && s.DisplayName == "customer process");
                send = spans.FirstOrDefault(s => s.TraceId == traceId && s.DisplayName == $"{CommerceTopics.CustomerActions} send");
            }

            return process is not null && send is not null;
        });

        Assert.Equal(producerSpan, process!.ParentSpanId);
        Assert.Equal(customer, process.GetTagItem("reactor.entity.id"));
        Assert.Equal(process.SpanId, send!.ParentSpanId);
        var header = Encoding.ASCII.GetString(emitted.Message.Headers.GetLastBytes(ReactorActivities.TraceParentHeader));
        Assert.Equal($"00-{traceId}-{send.SpanId}-01", header);
    }

    private static async Task ProduceSignInAsync(string bootstrapServers, string customer, string device, string? traceParent)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        var message = new Message<string, byte[]>
        {
            Key = customer,
            Value = TestCloudEvents.Create(CommerceEventTypes.SignedIn, customer, new SignedIn(customer, device, "NL")).ToArray(),
            Headers = [],
        };
        if (traceParent is not null)
        {
            message.Headers.Add(ReactorActivities.TraceParentHeader, Encoding.ASCII.GetBytes(traceParent));
        }

        await producer.ProduceAsync(CommerceTopics.SignIns, message);
    }

    private static async Task<ConsumeResult<string, byte[]>> ReadEmittedAsync(string bootstrapServers, string customer)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "tracing-reader-" + Guid.NewGuid(), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(CommerceTopics.CustomerActions);
        ConsumeResult<string, byte[]>? found = null;
        await Eventually.Until("the verification request to be emitted", () =>
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record is { IsPartitionEOF: false } && record.Message.Key == customer)
            {
                found = record;
            }

            return Task.FromResult(found is not null);
        }, TimeSpan.FromMinutes(2));
        consumer.Close();
        return found!;
    }
}
