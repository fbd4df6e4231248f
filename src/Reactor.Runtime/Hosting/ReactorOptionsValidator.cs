using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Runtime.Hosting;

/// <summary>Rejects Reactor options that cannot work, naming the setting.</summary>
internal sealed class ReactorOptionsValidator : IValidateOptions<ReactorOptions>
{
    public ValidateOptionsResult Validate(string? name, ReactorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorageName))
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.StorageName)} must name a grain storage provider.");
        }

        if (options.FlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.FlushInterval)} must be positive (was {options.FlushInterval}).");
        }

        if (options.FlushAfterEvents < 1)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.FlushAfterEvents)} must be at least 1 (was {options.FlushAfterEvents}).");
        }

        if (options.MaxHandlerAttempts < 1)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.MaxHandlerAttempts)} must be at least 1 (was {options.MaxHandlerAttempts}).");
        }

        if (options.RecentDecisionLimit < 0)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.RecentDecisionLimit)} must not be negative (was {options.RecentDecisionLimit}).");
        }

        if (options.ActionAttempts < 1)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.ActionAttempts)} must be at least 1 (was {options.ActionAttempts}).");
        }

        if (options.ActionRetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.ActionRetryDelay)} must not be negative (was {options.ActionRetryDelay}).");
        }

        if (options.WebhookTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ReactorOptions.SectionName}:{nameof(ReactorOptions.WebhookTimeout)} must be positive (was {options.WebhookTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
