using System.ClientModel;
using Orleans.Configuration;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Reactor.Inference.Models;

/// <summary>
/// Builds the pipeline of one model, outermost first: a concurrency limit (calls beyond it wait, up to a queue limit),
/// retries with exponential back-off and jitter, a circuit breaker, and a per-attempt timeout.
/// </summary>
internal static class ChatModelPipeline
{
    public static ResiliencePipeline Build(ChatModelOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        builder.AddConcurrencyLimiter(options.MaxConcurrency, options.MaxQueued);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
        });
        builder.AddTimeout(options.Timeout);
        return builder.Build();
    }

    /// <summary>
    /// Failures worth another attempt and worth counting against the endpoint: timeouts, transport errors, server errors,
    /// throttling and unreadable answers. A client error (a bad request) is the caller's, and an open circuit is not retried.
    /// </summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        TimeoutRejectedException => true,
        BrokenCircuitException or RateLimiterRejectedException or OperationCanceledException => false,
        ClientResultException { Status: >= 400 and < 500 and not 408 and not 429 } => false,
        _ => true,
    };
}
