using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reactor.Runtime.DeadLetters;
using Reactor.Streaming.Kafka.Tests.Delivery;
using Reactor.TestInfrastructure;

namespace Reactor.Streaming.Kafka.Tests.Faults;

/// <summary>
/// A silo stops while a partition's read waits on a dead-letter write: the read ends quietly (no error from the pulling
/// agent), the record is not committed, and the next silo dead-letters it exactly once and applies what followed.
/// </summary>
public sealed class KafkaShutdownDuringDeadLetterTests : IDisposable
{
    private readonly TempDirectory _data = new("kafka-shutdown-dlq");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Stopping_a_silo_during_a_dead_letter_write_ends_the_read_quietly_and_the_next_silo_dead_letters_the_record()
    {
        await using var broker = await KafkaTestCluster.StartBrokerAsync(Path.Combine(_data.Path, "broker"));
        var sink = new HangingDeadLetterSink();
        var logs = new CapturingLoggerProvider();
        var first = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path, configureSilo: silo =>
        {
            silo.Services.AddSingleton<IDeadLetterSink>(sink);
            silo.Services.AddSingleton<ILoggerProvider>(logs);
        });
        await using (first)
        {
            await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, [("h-1", 1)]);
            await KafkaTestCluster.ProduceRawAsync(broker.BootstrapServers, [new Message<string?, byte[]> { Key = "h-1", Value = TestCloudEvents.Create("test.kafka.never-registered", "h-1", new Increment(5)).ToArray() }]);
            await KafkaTestCluster.ProduceAsync(broker.BootstrapServers, [("h-1", 2)]);

            await Eventually.Until("the poison record's dead-letter write starts", () => Task.FromResult(sink.Entered.Task.IsCompleted));
            var counter = first.Client.GetGrain<ICounterGrain>("h-1");
            await Eventually.Until("the event before the poison record is applied", async () => (await counter.GetSnapshotAsync()).StateVersion == 1);
        }

        Assert.True(sink.Cancelled, "the silo's shutdown should have cancelled the hanging dead-letter write");
        Assert.DoesNotContain(logs.Entries, e => e.Exception is OperationCanceledException);
        Assert.True(await KafkaTestCluster.CommittedTotalAsync(broker.BootstrapServers) <= 1, "nothing at or after the poison record (offset 1) may be committed");

        await using var second = await KafkaTestCluster.StartAsync(broker.BootstrapServers, _data.Path);
        var resumed = second.Client.GetGrain<ICounterGrain>("h-1");
        await Eventually.Until("the event after the poison record is applied", async () => (await resumed.GetSnapshotAsync()).StateVersion == 2);
        Assert.Equal([1, 2], (await resumed.GetSnapshotAsync()).GetState<Counter>().Amounts);
        var deadLetters = KafkaTestCluster.ReadDeadLetters(broker.BootstrapServers, expected: 1);
        var deadLetter = Assert.Single(deadLetters);
        Assert.True(deadLetter.Message.Headers.TryGetLastBytes("reactor-dlq-offset", out var offset));
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(offset));
    }

    /// <summary>A dead-letter sink whose writes wait until they are cancelled.</summary>
    private sealed class HangingDeadLetterSink : IDeadLetterSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Cancelled { get; private set; }

        public async Task WriteAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(3), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }

            throw new InvalidOperationException("The dead-letter write was never cancelled.");
        }
    }
}
