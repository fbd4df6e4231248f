using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Persistence.LocalDisk.Providers;

/// <summary>Validates <see cref="LocalDiskDecisionLogOptions"/> when the host starts or the log is created.</summary>
internal sealed class LocalDiskDecisionLogOptionsValidator : IValidateOptions<LocalDiskDecisionLogOptions>
{
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
        const string Property = $"{nameof(LocalDiskDecisionLogOptions)}.{nameof(LocalDiskDecisionLogOptions.RootDirectory)}";
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            return $"LocalDisk decision log: {Property} is required; set it to the directory that holds the decision files.";
        }

        return RootPath.IsValid(options.RootDirectory)
            ? null
            : $"LocalDisk decision log: {Property} '{options.RootDirectory}' is not a valid path.";
    }
}
