using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>Checks each named model's settings at start-up; every failure names the setting (<c>Reactor:Models:fraud:Sha256</c>).</summary>
internal sealed class OnnxModelOptionsValidator : IValidateOptions<OnnxModelOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxModelOptions options)
    {
        var prefix = $"{OnnxModelOptions.SectionName}:{name}";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{prefix}:Path is required: a local path or the URI of an Azure blob holding the ONNX file.");
        }

        if (string.IsNullOrWhiteSpace(options.Version))
        {
            failures.Add($"{prefix}:Version is required: the version decision records name.");
        }

        if (options.Sha256 is null || options.Sha256.Length != 64 || !options.Sha256.All(char.IsAsciiHexDigit))
        {
            failures.Add($"{prefix}:Sha256 must be the 64 hexadecimal characters of the model file's SHA-256 (was '{options.Sha256}').");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"{prefix}:MaxBatchSize must be 1 (batching off) or more (was {options.MaxBatchSize}).");
        }

        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > TimeSpan.FromSeconds(1))
        {
            failures.Add($"{prefix}:MaxBatchDelay must be between 00:00:00 and 00:00:01 (was {options.MaxBatchDelay}).");
        }

        if (options.IntraOpThreads < 1)
        {
            failures.Add($"{prefix}:IntraOpThreads must be 1 or more (was {options.IntraOpThreads}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
