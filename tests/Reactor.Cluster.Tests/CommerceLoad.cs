using System.Diagnostics;
using Confluent.Kafka;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Cluster.Tests;

/// <summary>
/// Produces sign-ins and successful payments for a fixed set of customers at a steady rate until stopped, and keeps
/// every produced event per customer in order: the expectation the cluster's final state is checked against.
/// </summary>
internal sealed class CommerceLoad : IAsyncDisposable
{
    private static readonly string[] Countries = ["DE", "FR", "US", "JP"];

    private readonly string _bootstrapServers;
    private readonly int _customers;
    private readonly int _eventsPerSecond;
    private readonly Dictionary<string, List<object>> _produced = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public CommerceLoad(string bootstrapServers, int customers, int eventsPerSecond)
    {
        _bootstrapServers = bootstrapServers;
        _customers = customers;
        _eventsPerSecond = eventsPerSecond;
    }

    private long _deliveryFailures;

    public long Produced { get; private set; }

    public int EventsPerSecond => _eventsPerSecond;

    /// <summary>Gets the number of events the broker did not acknowledge (expected: none).</summary>
    public long DeliveryFailures => Interlocked.Read(ref _deliveryFailures);

    /// <summary>Gets every produced event per customer, in the order produced. Read it only after <see cref="StopAsync"/>.</summary>
    public IReadOnlyDictionary<string, List<object>> ByCustomer => _produced;

    public static string CustomerId(int index) => $"c-{index:D5}";

    public void Start() => _running = Task.Run(() => Run(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private void Run(CancellationToken stop)
    {
        var random = new Random(17);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = _bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * _eventsPerSecond);
            for (; Produced < due; Produced++)
            {
                var customer = CustomerId(random.Next(_customers));
                object @event;
                string topic, type;
                if (random.Next(2) == 0)
                {
                    @event = new SignedIn(customer, $"device-{random.Next(4)}", Countries[random.Next(Countries.Length)]);
                    (topic, type) = (CommerceTopics.SignIns, CommerceEventTypes.SignedIn);
                }
                else
                {
                    @event = new PaymentSucceeded(customer, random.Next(1, 10_000) / 100m);
                    (topic, type) = (CommerceTopics.Payments, CommerceEventTypes.PaymentSucceeded);
                }

                var value = TestCloudEvents.Create(type, customer, @event).ToArray();
                ProduceWithBackpressure(producer, topic, new Message<string, byte[]> { Key = customer, Value = value });
                (_produced.TryGetValue(customer, out var list) ? list : _produced[customer] = []).Add(@event);
            }

            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20));
        }

        producer.Flush(TimeSpan.FromMinutes(1));
    }

    private void ProduceWithBackpressure(IProducer<string, byte[]> producer, string topic, Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref _deliveryFailures);
                    }
                });
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
