using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Inference.Hosting;

/// <summary>Rejects model settings that cannot work, naming the setting.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        foreach (var (model, o) in options.Models)
        {
            var prefix = $"{InferenceOptions.SectionName}:Models:{model}";
            if (o.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
            {
                failures.Add($"{prefix}:{nameof(ChatModelOptions.Endpoint)} must be an absolute http or https address (was '{endpoint}').");
            }

            if (o.Endpoint is not null && string.IsNullOrWhiteSpace(o.Model))
            {
                failures.Add($"{prefix}:{nameof(ChatModelOptions.Model)} must name the model the endpoint serves.");
            }

            Check(failures, o.MaxConcurrency >= 1, $"{prefix}:{nameof(ChatModelOptions.MaxConcurrency)} must be at least 1 (was {o.MaxConcurrency}).");
            Check(failures, o.MaxQueued >= 0, $"{prefix}:{nameof(ChatModelOptions.MaxQueued)} must not be negative (was {o.MaxQueued}).");
            Check(failures, o.RequestsPerMinute >= 0, $"{prefix}:{nameof(ChatModelOptions.RequestsPerMinute)} must not be negative (was {o.RequestsPerMinute}).");
            Check(failures, o.TokensPerMinute >= 0, $"{prefix}:{nameof(ChatModelOptions.TokensPerMinute)} must not be negative (was {o.TokensPerMinute}).");
            Check(failures, o.MaxTokenWait >= TimeSpan.Zero, $"{prefix}:{nameof(ChatModelOptions.MaxTokenWait)} must not be negative (was {o.MaxTokenWait}).");
            Check(failures, o.Timeout > TimeSpan.Zero, $"{prefix}:{nameof(ChatModelOptions.Timeout)} must be positive (was {o.Timeout}).");
            Check(failures, o.MaxRetries >= 0, $"{prefix}:{nameof(ChatModelOptions.MaxRetries)} must not be negative (was {o.MaxRetries}).");
            Check(failures, o.RetryDelay > TimeSpan.Zero, $"{prefix}:{nameof(ChatModelOptions.RetryDelay)} must be positive (was {o.RetryDelay}).");
            Check(failures, o.BreakerFailureRatio is > 0 and <= 1, $"{prefix}:{nameof(ChatModelOptions.BreakerFailureRatio)} must be in (0, 1] (was {o.BreakerFailureRatio}).");
            Check(failures, o.BreakerMinimumThroughput >= 2, $"{prefix}:{nameof(ChatModelOptions.BreakerMinimumThroughput)} must be at least 2 (was {o.BreakerMinimumThroughput}).");
            Check(failures, o.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), $"{prefix}:{nameof(ChatModelOptions.BreakerSamplingDuration)} must be at least 500 ms (was {o.BreakerSamplingDuration}).");
            Check(failures, o.BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), $"{prefix}:{nameof(ChatModelOptions.BreakerBreakDuration)} must be at least 500 ms (was {o.BreakerBreakDuration}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }
}
