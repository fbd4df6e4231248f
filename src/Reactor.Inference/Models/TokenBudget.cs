namespace Reactor.Inference.Models;

/// <summary>
/// A model's tokens-per-minute budget: a sliding one-minute window charged with the tokens each call reports. A call
/// starts while the window holds fewer tokens than the budget; otherwise it waits until enough charges leave the window,
/// for at most the model's <c>MaxTokenWait</c>. Calls in flight are charged when they answer, so concurrent calls may
/// overshoot the budget by what they use; an endpoint that reports no usage is never limited.
/// </summary>
internal sealed class TokenBudget(long tokensPerMinute, TimeSpan maxWait, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<(DateTimeOffset At, long Tokens)> _charges = new();
    private readonly Lock _gate = new();
    private long _used;

    /// <summary>Gets the budget.</summary>
    public long TokensPerMinute => tokensPerMinute;

    /// <summary>Waits until the window has room for another call.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="true"/> when the call may start; <see langword="false"/> when the window would not have room within the wait allowed.</returns>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + maxWait;
        while (true)
        {
            TimeSpan untilFree;
            var now = time.GetUtcNow();
            lock (_gate)
            {
                Expire(now);
                if (_used < tokensPerMinute)
                {
                    return true;
                }

                untilFree = _charges.Peek().At + Window - now;
            }

            if (now + untilFree > deadline)
            {
                return false;
            }

            await Task.Delay(untilFree, time, cancellationToken);
        }
    }

    /// <summary>Charges the tokens a call used.</summary>
    /// <param name="tokens">Input plus output tokens the endpoint reported.</param>
    public void Charge(long tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        lock (_gate)
        {
            _charges.Enqueue((time.GetUtcNow(), tokens));
            _used += tokens;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_charges.TryPeek(out var charge) && charge.At + Window <= now)
        {
            _used -= _charges.Dequeue().Tokens;
        }
    }
}
