using System.Threading.Channels;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>
/// Coalesces concurrent scores into one run with a batch dimension. One loop takes the rows queued while the previous
/// batch ran (up to the batch size), waits up to the batch delay for more, runs them together and hands each caller its
/// own row of the output.
/// </summary>
internal sealed class ScoringBatcher : IAsyncDisposable
{
    private readonly Channel<PendingScore> _queue = Channel.CreateUnbounded<PendingScore>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<float[]>, float[][]> _run;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxBatchDelay;
    private readonly Task _loop;

    public ScoringBatcher(Func<IReadOnlyList<float[]>, float[][]> run, int maxBatchSize, TimeSpan maxBatchDelay)
    {
        _run = run;
        _maxBatchSize = maxBatchSize;
        _maxBatchDelay = maxBatchDelay;

        // Off any caller's scheduler (an Orleans grain's, for one): the loop serves every entity.
        _loop = Task.Run(LoopAsync);
    }

    public async Task<float[]> ScoreAsync(float[] row, CancellationToken cancellationToken)
    {
        var pending = new PendingScore(row);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(ScoringBatcher), "The model is shutting down.");
        }

        return await pending.Answer.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var batch = new List<PendingScore>(_maxBatchSize);
        var rows = new List<float[]>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            TakeQueued(batch);
            if (batch.Count < _maxBatchSize && _maxBatchDelay > TimeSpan.Zero)
            {
                await WaitForMoreAsync(batch);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            rows.Clear();
            rows.AddRange(batch.Select(p => p.Row));
            Run(batch, rows);
        }
    }

    private void TakeQueued(List<PendingScore> batch)
    {
        while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private async Task WaitForMoreAsync(List<PendingScore> batch)
    {
        using var deadline = new CancellationTokenSource(_maxBatchDelay);
        try
        {
            while (batch.Count < _maxBatchSize && await _queue.Reader.WaitToReadAsync(deadline.Token))
            {
                TakeQueued(batch);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The delay is up: run what has arrived.
        }
    }

    private void Run(List<PendingScore> batch, List<float[]> rows)
    {
        float[][] answers;
        try
        {
            answers = _run(rows);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Answer.TrySetResult(answers[i]);
        }
    }
}
