using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Reactor.Host.Api.Contracts;
using Reactor.Host.Kafka;
using Reactor.Runtime.Metrics;

namespace Reactor.Host.Api;

/// <summary>Produces events accepted over HTTP to Kafka, keyed by entity id, with the request's trace context as <c>traceparent</c>.</summary>
internal sealed partial class KafkaIngestProducer : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;

    public KafkaIngestProducer(DemoKafkaConnection kafka, ILogger<KafkaIngestProducer> logger) =>
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
            ClientId = "reactor-http-ingest",
        }).SetLogHandler((_, message) => LogClient(logger, message.Message)).Build();

    /// <summary>Writes the events in order and waits until Kafka has them.</summary>
    /// <exception cref="KafkaException">Kafka refused or could not be reached.</exception>
    public async Task<IReadOnlyList<AcceptedEvent>> ProduceAsync(string topic, IReadOnlyList<(string Id, string EntityId, byte[] Json)> events, CancellationToken cancellationToken)
    {
        // A span of its own under the request's (which continues the caller's traceparent, or starts a trace).
        using var activity = ReactorActivities.StartSend(topic, events.Count == 1 ? events[0].EntityId : "batch", traceParent: null);
        var headers = TraceHeaders(activity ?? Activity.Current);
        var deliveries = events.Select(e => _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = e.EntityId, Value = e.Json, Headers = headers }, cancellationToken)).ToList();
        var results = await Task.WhenAll(deliveries);
        return [.. results.Select((r, i) => new AcceptedEvent(events[i].Id, events[i].EntityId, r.Topic, r.Partition.Value, r.Offset.Value))];
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private static Headers TraceHeaders(Activity? activity)
    {
        var headers = new Headers();
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            headers.Add("traceparent", Encoding.ASCII.GetBytes(activity.Id!));
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                headers.Add("tracestate", Encoding.ASCII.GetBytes(activity.TraceStateString));
            }
        }

        return headers;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP ingest producer: {Message}")]
    private static partial void LogClient(ILogger logger, string message);
}
