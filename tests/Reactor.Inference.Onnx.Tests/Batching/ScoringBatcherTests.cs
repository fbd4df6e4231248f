using Reactor.Inference.Onnx.Providers;

namespace Reactor.Inference.Onnx.Tests.Batching;

public sealed class ScoringBatcherTests
{
    [Fact]
    public async Task Rows_queued_while_a_batch_runs_go_together_into_the_next_run_and_each_caller_gets_its_own_answer()
    {
        using var firstRunStarted = new SemaphoreSlim(0);
        using var releaseFirstRun = new SemaphoreSlim(0);
        var batchSizes = new List<int>();
        float[][] Run(IReadOnlyList<float[]> rows)
        {
            lock (batchSizes)
            {
                batchSizes.Add(rows.Count);
            }

            if (batchSizes.Count == 1)
            {
                firstRunStarted.Release();
                releaseFirstRun.Wait();
            }

            return [.. rows.Select(r => new[] { r[0] * 10 })];
        }

        await using var batcher = new ScoringBatcher(Run, maxBatchSize: 64, maxBatchDelay: TimeSpan.Zero);
        var first = batcher.ScoreAsync([0], CancellationToken.None);
        Assert.True(await firstRunStarted.WaitAsync(TimeSpan.FromSeconds(60)), "the first run did not start");
        var queued = Enumerable.Range(1, 100).Select(i => batcher.ScoreAsync([i], CancellationToken.None)).ToList();
        releaseFirstRun.Release();

        var answers = await Task.WhenAll(queued);

        Assert.Equal(0, Assert.Single(await first));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i * 10f), answers.Select(a => Assert.Single(a)));
        Assert.Equal([1, 64, 36], batchSizes);
    }

    [Fact]
    public async Task A_failing_run_fails_each_caller_in_that_batch_and_the_next_batch_runs()
    {
        var runs = 0;
        float[][] Run(IReadOnlyList<float[]> rows) =>
            Interlocked.Increment(ref runs) == 1 ? throw new InvalidOperationException("model broke") : [.. rows.Select(r => r)];

        await using var batcher = new ScoringBatcher(Run, maxBatchSize: 8, maxBatchDelay: TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.ScoreAsync([1], CancellationToken.None));
        var next = await batcher.ScoreAsync([2], CancellationToken.None);

        Assert.Equal("model broke", error.Message);
        Assert.Equal(2, Assert.Single(next));
    }

    [Fact]
    public async Task With_a_batch_delay_every_caller_still_gets_its_own_answer()
    {
        var batchSizes = new List<int>();
        float[][] Run(IReadOnlyList<float[]> rows)
        {
            lock (batchSizes)
            {
                batchSizes.Add(rows.Count);
            }

            return [.. rows];
        }

        // A batch that fills up runs before its delay ends.
        await using var batcher = new ScoringBatcher(Run, maxBatchSize: 4, maxBatchDelay: TimeSpan.FromSeconds(1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batcher.ScoreAsync([i], CancellationToken.None)));

        Assert.Equal([0f, 1f, 2f, 3f], answers.Select(a => a[0]));
        Assert.Equal(4, batchSizes.Sum());
    }
}
