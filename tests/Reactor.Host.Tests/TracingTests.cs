using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OpenTelemetry.Trace;
using Orleans.Concurrency;
using Orleans.TestingHost;
using Reactor.Abstractions;
using Reactor.DevBroker;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Metrics;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>
/// The W3C trace context of a Kafka event continues through its entity grain, the model calls its reactions make (ONNX
/// scores in the grain, agent runs from the outbox) and into the events the entity emits.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Event_produced_with_a_traceparent_yields_grain_and_emitted_event_spans_in_its_trace()
    {
        using var data = new TempDirectory("host-tracing");
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(data.Path, "broker"), DefaultPartitions = 2 });
        var spans = new List<Activity>();
        await using var cluster = await StartTracedClusterAsync(broker.BootstrapServers, CommerceTopics.SignIns, "tracing-", spans);
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

    [Fact]
    public async Task A_direct_delivery_of_several_events_is_one_span_in_the_first_events_trace_linked_to_the_others()
    {
        using var data = new TempDirectory("host-tracing-batch");
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(data.Path, "broker"), DefaultPartitions = 2 });
        var spans = new List<Activity>();
        await using var cluster = await StartTracedClusterAsync(broker.BootstrapServers, CommerceTopics.SignIns, "tracing-batch-", spans);
        var customer = "c-batch-" + Guid.NewGuid().ToString("N");
        var (firstTrace, firstSpan, secondTrace) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceId.CreateRandom());
        EventEnvelope SignIn(long offset, string traceParent) => new()
        {
            Id = $"{customer}-{offset}",
            Source = "/tests",
            Type = CommerceEventTypes.SignedIn,
            EntityId = customer,
            Position = new LogPosition(CommerceTopics.SignIns, 0, offset),
            Data = JsonSerializer.SerializeToUtf8Bytes(new SignedIn(customer, "phone", "NL"), ReactorJson.Options),
            Headers = new Dictionary<string, string> { [ReactorActivities.TraceParentHeader] = traceParent },
        };

        // What the Kafka provider sends an entity when several of its events arrived during its previous call.
        var entity = cluster.Client.GetGrain<IEntityDelivery>(GrainId.Create("customer", customer));
        await entity.DeliverAsync(new Immutable<EventEnvelope[]>([
            SignIn(1, $"00-{firstTrace}-{firstSpan}-01"),
            SignIn(2, $"00-{secondTrace}-{ActivitySpanId.CreateRandom()}-01"),
        ]));

        Activity? process = null;
        await Eventually.Until("the grain's span to be exported", () =>
        {
            lock (spans)
            {
                process = spans.FirstOrDefault(s => s.TraceId == firstTrace && s.DisplayName == "customer process");
            }

            return process is not null;
        });
        Assert.Equal(firstSpan, process!.ParentSpanId);
        Assert.Equal(2, process.GetTagItem("messaging.batch.message_count"));
        Assert.Contains(process.Links, l => l.Context.TraceId == secondTrace);
        Assert.Equal(2, (await cluster.Client.GetGrain<ICustomerGrain>(customer).GetSnapshotAsync()).StateVersion);
    }

    [Fact]
    public async Task Failed_payments_with_a_traceparent_yield_grain_model_call_and_emitted_event_spans_in_their_traces()
    {
        using var data = new TempDirectory("host-tracing-models");
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = Path.Combine(data.Path, "broker"), DefaultPartitions = 2 });
        await using var model = await FakeChatServer.StartAsync((_, c) => FakeChatServer.Text(c, """{"message":"We are here to help.","tone":"reassuring"}"""));
        var spans = new List<Activity>();
        await using var cluster = await StartTracedClusterAsync(broker.BootstrapServers, CommerceTopics.Payments, "tracing-models-", spans, silo =>
        {
            silo.Services.AddCommerceModels();
            silo.Services.AddReactorInference(null, i => i.AddCommerceAgents());
            silo.Services.ConfigureReactorInference(o => o.Models[CommerceAgents.Model] = new ChatModelOptions { Endpoint = model.Endpoint, Model = "test-model", Version = "2026-01", MaxRetries = 0 });
        });
        var customer = "c-traced-" + Guid.NewGuid().ToString("N");
        var grain = cluster.Client.GetGrain<ICustomerGrain>(customer);

        // The third failed payment is scored by the fraud model, the fifth starts the support follow-up agent.
        var scoredTrace = ActivityTraceId.CreateRandom();
        var agentTrace = ActivityTraceId.CreateRandom();
        for (var i = 1; i <= 5; i++)
        {
            var trace = i switch { 3 => scoredTrace, 5 => agentTrace, _ => default(ActivityTraceId?) };
            await ProducePaymentFailedAsync(broker.BootstrapServers, customer, trace is { } id ? $"00-{id}-{ActivitySpanId.CreateRandom()}-01" : null);
            await Eventually.Until($"failed payment {i} to be applied", async () => (await grain.GetSnapshotAsync()).StateVersion == i);
        }

        Activity? Span(ActivityTraceId trace, string name)
        {
            lock (spans)
            {
                return spans.FirstOrDefault(s => s.TraceId == trace && s.DisplayName == name);
            }
        }

        await Eventually.Until("the score span of the third payment", () => Span(scoredTrace, "customer process") is not null && Span(scoredTrace, $"score {CommerceModels.Fraud}") is not null);
        var scoring = Span(scoredTrace, "customer process")!;
        var score = Span(scoredTrace, $"score {CommerceModels.Fraud}")!;
        Assert.Equal(scoring.SpanId, score.ParentSpanId);
        Assert.Equal((CommerceModels.Fraud, CommerceModels.FraudVersion), (score.GetTagItem("reactor.model.name"), score.GetTagItem("reactor.model.version")));

        var emittedSpan = $"{CommerceTopics.CustomerActions} send";
        await Eventually.Until("the agent's act, invoke_agent, chat and send spans", () =>
            new[] { "customer process", $"{CommerceAgents.SupportFollowUp} act", $"invoke_agent {CommerceAgents.SupportFollowUp}", "chat test-model", emittedSpan }.All(n => Span(agentTrace, n) is not null));
        var process = Span(agentTrace, "customer process")!;
        var act = Span(agentTrace, $"{CommerceAgents.SupportFollowUp} act")!;
        var agent = Span(agentTrace, $"invoke_agent {CommerceAgents.SupportFollowUp}")!;
        var chat = Span(agentTrace, "chat test-model")!;
        var send = Span(agentTrace, emittedSpan)!;
        Assert.Equal(process.SpanId, act.ParentSpanId);
        Assert.Equal(act.SpanId, agent.ParentSpanId);
        Assert.Equal(agent.SpanId, chat.ParentSpanId);
        Assert.Equal(agent.SpanId, send.ParentSpanId);
        Assert.Equal(("chat", "test-model", "2026-01"), (chat.GetTagItem("gen_ai.operation.name"), chat.GetTagItem("gen_ai.request.model"), chat.GetTagItem("reactor.model.version")));
        Assert.Equal((100L, 20L), (Convert.ToInt64(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ActivityKind.Client, chat.Kind);
    }

    private static async Task ProducePaymentFailedAsync(string bootstrapServers, string customer, string? traceParent)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        var message = new Message<string, byte[]>
        {
            Key = customer,
            Value = TestCloudEvents.Create(CommerceEventTypes.PaymentFailed, customer, new PaymentFailed(customer, 400m, "card-declined")).ToArray(),
            Headers = [],
        };
        if (traceParent is not null)
        {
            message.Headers.Add(ReactorActivities.TraceParentHeader, Encoding.ASCII.GetBytes(traceParent));
        }

        await producer.ProduceAsync(CommerceTopics.Payments, message);
    }

    /// <summary>One silo reading <paramref name="topic"/> from the broker, with Reactor's spans exported into <paramref name="spans"/>.</summary>
    private static async Task<InProcessTestCluster> StartTracedClusterAsync(string bootstrapServers, string topic, string groupPrefix, List<Activity> spans, Action<ISiloBuilder>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r => r.AddCommerceEventTypes());
            silo.AddKafkaStreams("reactor", o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = groupPrefix + Guid.NewGuid().ToString("N");
                o.Topics.Add(new KafkaTopicOptions { Name = topic, Partitions = 2 });
                o.CreateTopics = true;
                o.CheckpointInterval = TimeSpan.FromMilliseconds(300);
            });
            silo.AddMemoryGrainStorage("reactor");
            configure?.Invoke(silo);
            silo.AddReactorTracing();
            silo.Services.AddOpenTelemetry().WithTracing(t => t.AddSource(ReactorActivities.SourceName).AddInMemoryExporter(spans));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
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
