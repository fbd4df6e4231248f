using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Validates <see cref="LocalDiskDecisionLogOptions"/> when the host starts or the log is created.</summary>
internal sealed class LocalDiskDecisionLogOptionsValidator : IValidateOptions<LocalDiskDecisionLogOptions>
{
    /// <summary>The smallest accepted <see cref="LocalDiskDecisionLogOptions.IoThreads"/>.</summary>
    public const int MinIoThreads = 1;

    /// <summary>The largest accepted <see cref="LocalDiskDecisionLogOptions.IoThreads"/>.</summary>
    public const int MaxIoThreads = 64;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalDiskDecisionLogOptions options)
    {
        var error = GetError(options);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">A setting is missing or invalid; the message names the provider and the property.</exception>
    public static void ThrowIfInvalid(LocalDiskDecisionLogOptions options)
    {
        var error = GetError(options);
        if (error is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LocalDiskDecisionLogOptions), [error]);
        }
    }

    private static string? GetError(LocalDiskDecisionLogOptions options)
    {
        const string Prefix = $"LocalDisk decision log: {nameof(LocalDiskDecisionLogOptions)}";
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            return $"{Prefix}.{nameof(LocalDiskDecisionLogOptions.RootDirectory)} is required; set it to the directory that holds the decision files.";
        }

        if (!RootPath.IsValid(options.RootDirectory))
        {
            return $"{Prefix}.{nameof(LocalDiskDecisionLogOptions.RootDirectory)} '{options.RootDirectory}' is not a valid path.";
        }

        return options.IoThreads is < MinIoThreads or > MaxIoThreads
            ? $"{Prefix}.{nameof(LocalDiskDecisionLogOptions.IoThreads)} is {options.IoThreads}; it must be between {MinIoThreads} and {MaxIoThreads} (the number of dedicated I/O threads, default 8)."
            : null;
    }
}
