using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Validates <see cref="AzureBlobDecisionLogOptions"/> when the host starts or the log is created.</summary>
internal sealed class AzureBlobDecisionLogOptionsValidator : IValidateOptions<AzureBlobDecisionLogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureBlobDecisionLogOptions options)
    {
        var error = GetError(options);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">A setting is missing or invalid; the message names the property.</exception>
    public static void ThrowIfInvalid(AzureBlobDecisionLogOptions options)
    {
        var error = GetError(options);
        if (error is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AzureBlobDecisionLogOptions), [error]);
        }
    }

    private static string? GetError(AzureBlobDecisionLogOptions options)
    {
        var error = AzureBlobConnection.GetError(options);
        if (error is null && (options.BucketSize < AzureBlobDecisionLogOptions.MinBucketSize || options.BucketSize > AzureBlobDecisionLogOptions.MaxBucketSize))
        {
            error = $"{nameof(AzureBlobDecisionLogOptions)}.{nameof(AzureBlobDecisionLogOptions.BucketSize)} is {options.BucketSize}; it must be between {AzureBlobDecisionLogOptions.MinBucketSize} and {AzureBlobDecisionLogOptions.MaxBucketSize}.";
        }

        return error is null ? null : $"AzureBlob decision log: {error}";
    }
}
