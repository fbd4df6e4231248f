using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Onnx.Tests.Registry;

public sealed class BlobModelTests : IAsyncLifetime
{
    private AzuriteServer? _azurite;

    private AzuriteServer Azurite => _azurite!;

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();

    [Fact]
    public async Task A_model_in_a_blob_loads_at_startup_and_scores_like_the_file()
    {
        var uri = await UploadAsync(await File.ReadAllBytesAsync(SampleModel.Path));
        using var host = ModelHost.Build((services, configuration) => services.AddOnnxModels(configuration), Settings(uri, CommerceModels.FraudSha256));
        await host.StartAsync();

        var model = await host.Services.GetRequiredService<IModelRegistry>().GetAsync("fraud");
        var score = await model.ScoreAsync(SampleModel.KnownInputs[3]);

        Assert.Equal(SampleModel.Expected(SampleModel.KnownInputs[3]), score.Value, SampleModel.Tolerance);
        Assert.Equal(CommerceModels.FraudSha256, model.Sha256);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_blob_that_was_replaced_fails_the_hash_check()
    {
        var uri = await UploadAsync("tampered"u8.ToArray());
        using var host = ModelHost.Build((services, configuration) => services.AddOnnxModels(configuration), Settings(uri, CommerceModels.FraudSha256));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains("Reactor:Models:fraud:Sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_blob_stops_the_startup_naming_the_blob()
    {
        var container = new BlobContainerClient(Azurite.ConnectionString, "models-" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        var uri = container.GetBlobClient("absent.onnx").Uri;
        using var host = ModelHost.Build((services, configuration) => services.AddOnnxModels(configuration), Settings(uri, CommerceModels.FraudSha256));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("absent.onnx", error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(Uri blob, string sha256) => new()
    {
        ["Reactor:Models:fraud:Path"] = blob.ToString(),
        ["Reactor:Models:fraud:Version"] = "blob-1",
        ["Reactor:Models:fraud:Sha256"] = sha256,
        ["Reactor:Models:fraud:BlobConnectionString"] = Azurite.ConnectionString,
    };

    private async Task<Uri> UploadAsync(byte[] content)
    {
        var container = new BlobContainerClient(Azurite.ConnectionString, "models-" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        var blob = container.GetBlobClient("fraud/v1/fraud.onnx");
        await blob.UploadAsync(new BinaryData(content));
        return blob.Uri;
    }
}
