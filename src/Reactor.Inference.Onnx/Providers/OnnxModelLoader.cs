using System.Security.Cryptography;
using Orleans.Configuration;

namespace Reactor.Inference.Onnx.Providers;

/// <summary>Loads one configured model: reads its bytes, checks their SHA-256 against the configured one, then opens the session on those very bytes.</summary>
internal static class OnnxModelLoader
{
    public static async Task<IScoringModel> LoadAsync(string name, OnnxModelOptions options, CancellationToken cancellationToken)
    {
        var bytes = await ModelFileReader.ReadAsync(name, options, cancellationToken);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, options.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException(
                $"Model '{name}': the SHA-256 of {options.Path} is {actual}, but {OnnxModelOptions.SectionName}:{name}:Sha256 is {options.Sha256}. " +
                "The file is not the one configured; refusing to load it.");
        }

        return new OnnxScoringModel(name, options, bytes, actual);
    }
}
