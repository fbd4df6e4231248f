using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.FraudModel;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Onnx.Tests.Registry;

public sealed class FixedBatchModelTests : IDisposable
{
    private readonly TempDirectory _directory = new("onnx-fixed");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_model_with_a_fixed_batch_dimension_scores_row_by_row_but_refuses_batching_naming_the_setting()
    {
        var (path, hash) = await WriteFixedBatchModelAsync();
        await using var rowByRow = new ServiceCollection().AddOnnxModel("fixed", o => Configure(o, path, hash, 1)).BuildServiceProvider();
        using var batching = ModelHost.Build((services, _) => services.AddOnnxModel("fixed", o => Configure(o, path, hash, 8)));

        var score = await (await rowByRow.GetRequiredService<IModelRegistry>().GetAsync("fixed")).ScoreAsync(SampleModel.KnownInputs[1]);
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => batching.StartAsync());

        Assert.Equal(SampleModel.Expected(SampleModel.KnownInputs[1]), score.Value, SampleModel.Tolerance);
        Assert.Contains("Reactor:Models:fixed:MaxBatchSize is 8", error.Message, StringComparison.Ordinal);
        Assert.Contains("fixed first dimension (1)", error.Message, StringComparison.Ordinal);
    }

    private static void Configure(Orleans.Configuration.OnnxModelOptions options, string path, string hash, int maxBatchSize)
    {
        options.Path = path;
        options.Version = "fixed-1";
        options.Sha256 = hash;
        options.MaxBatchSize = maxBatchSize;
    }

    private async Task<(string Path, string Hash)> WriteFixedBatchModelAsync()
    {
        var bytes = OnnxLogisticWriter.Write(SampleModel.Build.Model, FraudFeatures.Names, "fixed", fixedRows: 1);
        var path = Path.Combine(_directory.Path, "fixed.onnx");
        await File.WriteAllBytesAsync(path, bytes);
        return (path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
