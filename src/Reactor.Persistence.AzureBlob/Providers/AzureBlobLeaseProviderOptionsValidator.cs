using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Persistence.AzureBlob.Providers;

/// <summary>Validates <see cref="AzureBlobLeaseProviderOptions"/> when the host starts or the provider is created.</summary>
internal sealed class AzureBlobLeaseProviderOptionsValidator : IValidateOptions<AzureBlobLeaseProviderOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureBlobLeaseProviderOptions options)
    {
        var error = AzureBlobConnection.GetError(options);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail($"AzureBlob lease provider: {error}");
    }

    /// <summary>Throws when the options are invalid.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">A setting is missing or invalid; the message names the property.</exception>
    public static void ThrowIfInvalid(AzureBlobLeaseProviderOptions options)
    {
        var result = new AzureBlobLeaseProviderOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AzureBlobLeaseProviderOptions), result.Failures);
        }
    }
}
