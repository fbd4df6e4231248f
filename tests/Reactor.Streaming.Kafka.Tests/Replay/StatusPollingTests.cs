using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Tests.Replay;

/// <summary>Waiting on a rewind or shadow evaluation while the silo holding its grain goes away.</summary>
public sealed class StatusPollingTests
{
    [Fact]
    public async Task Reads_that_time_out_or_are_rejected_are_retried_until_the_status_is_final()
    {
        var failures = new Queue<Exception>([new TimeoutException("response timed out"), new SiloUnavailableException("silo died")]);
        var reads = 0;
        var reported = new List<int>();

        var last = await StatusPolling.UntilDoneAsync(
            () => failures.TryDequeue(out var failure) ? Task.FromException<int>(failure) : Task.FromResult(++reads),
            status => status == 3,
            new SynchronousProgress(reported),
            TimeSpan.FromMilliseconds(1),
            CancellationToken.None);

        Assert.Equal(3, last);
        Assert.Equal([1, 2, 3], reported);
    }

    [Fact]
    public async Task Other_failures_are_thrown_at_once()
    {
        var reads = 0;

        await Assert.ThrowsAsync<ArgumentException>(() => StatusPolling.UntilDoneAsync<int>(
            () => { reads++; throw new ArgumentException("There is no rewind 7."); },
            _ => true,
            null,
            TimeSpan.FromMilliseconds(1),
            CancellationToken.None));

        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_silo_that_never_answers_fails_the_wait_after_the_failure_limit()
    {
        var reads = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => StatusPolling.UntilDoneAsync<int>(
            () => { reads++; throw new TimeoutException("response timed out"); },
            _ => true,
            null,
            TimeSpan.FromMilliseconds(1),
            CancellationToken.None));

        Assert.Equal(StatusPolling.MaxConsecutiveFailures, reads);
    }

    private sealed class SynchronousProgress(List<int> statuses) : IProgress<int>
    {
        public void Report(int value) => statuses.Add(value);
    }
}
