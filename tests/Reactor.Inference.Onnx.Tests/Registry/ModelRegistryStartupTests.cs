using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reactor.Samples.Commerce.Customers;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Onnx.Tests.Registry;

public sealed class ModelRegistryStartupTests
{
    [Fact]
    public async Task Models_configured_under_Reactor_Models_load_at_startup_and_score()
    {
        using var host = ModelHost.Build((services, configuration) => services.AddOnnxModels(configuration), new Dictionary<string, string?>
        {
            ["Reactor:Models:risk:Path"] = SampleModel.Path,
            ["Reactor:Models:risk:Version"] = "7",
            ["Reactor:Models:risk:Sha256"] = CommerceModels.FraudSha256.ToUpperInvariant(),
        });
        await host.StartAsync();

        var model = await host.Services.GetRequiredService<IModelRegistry>().GetAsync("risk");
        var score = await model.ScoreAsync(SampleModel.KnownInputs[2]);

        Assert.Equal(("risk", "7"), (score.Model, score.Version));
        Assert.Equal(SampleModel.Expected(SampleModel.KnownInputs[2]), score.Value, SampleModel.Tolerance);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_missing_file_stops_the_startup_naming_the_file_and_the_setting()
    {
        using var directory = new TempDirectory("onnx");
        var missing = Path.Combine(directory.Path, "nowhere.onnx");
        using var host = ModelHost.Build((services, _) => services.AddOnnxModel("fraud", o =>
        {
            o.Path = missing;
            o.Version = "1";
            o.Sha256 = CommerceModels.FraudSha256;
        }));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Reactor:Models:fraud:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_hash_differs_stops_the_startup_naming_both_hashes()
    {
        var wrong = new string('a', 64);
        using var host = ModelHost.Build((services, _) => services.AddOnnxModel("fraud", o =>
        {
            o.Path = SampleModel.Path;
            o.Version = "1";
            o.Sha256 = wrong;
        }));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains(CommerceModels.FraudSha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains("Reactor:Models:fraud:Sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_onnx_model_stops_the_startup()
    {
        using var directory = new TempDirectory("onnx");
        var path = Path.Combine(directory.Path, "not-a-model.onnx");
        await File.WriteAllTextAsync(path, "this is not a model");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)));
        using var host = ModelHost.Build((services, _) => services.AddOnnxModel("fraud", o =>
        {
            o.Path = path;
            o.Version = "1";
            o.Sha256 = hash;
        }));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains("Model 'fraud'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a model ONNX Runtime can load", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_startup_naming_each_setting()
    {
        using var host = ModelHost.Build((services, configuration) => services.AddOnnxModels(configuration), new Dictionary<string, string?>
        {
            ["Reactor:Models:fraud:Path"] = SampleModel.Path,
            ["Reactor:Models:fraud:Sha256"] = "not-a-hash",
            ["Reactor:Models:fraud:MaxBatchSize"] = "0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Reactor:Models:fraud:Version is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reactor:Models:fraud:Sha256 must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reactor:Models:fraud:MaxBatchSize must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_the_model_lacks_stops_the_startup_listing_its_outputs()
    {
        using var host = ModelHost.Build((services, _) => services.AddCommerceModels().AddOnnxModel(CommerceModels.Fraud, o => o.Output = "nope"));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => host.StartAsync());

        Assert.Contains("has no output 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("probability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_name_is_a_clear_error_listing_the_registered_names()
    {
        using var host = ModelHost.Build((services, _) => services.AddCommerceModels());
        await host.StartAsync();

        var error = await Assert.ThrowsAsync<UnknownModelException>(async () => await host.Services.GetRequiredService<IModelRegistry>().GetAsync("churn"));

        Assert.Contains("No model named 'churn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("registered: fraud", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reactor:Models:churn:Path", error.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
