using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Inference.Onnx.Tests.Model;

public sealed class SampleModelScoringTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public async Task Scoring_the_sample_model_through_OnnxRuntime_gives_the_probabilities_of_its_coefficients(int maxBatchSize)
    {
        await using var services = new ServiceCollection()
            .AddCommerceModels()
            .AddOnnxModel(CommerceModels.Fraud, o => o.MaxBatchSize = maxBatchSize)
            .BuildServiceProvider();
        var model = await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);

        foreach (var features in SampleModel.KnownInputs)
        {
            var score = await model.ScoreAsync(features);

            Assert.Equal(SampleModel.Expected(features), score.Value, SampleModel.Tolerance);
            Assert.Single(score.Values);
        }

        Assert.Equal((CommerceModels.FraudVersion, CommerceModels.FraudSha256), (model.Version, model.Sha256));
    }

    [Fact]
    public async Task A_new_device_burst_scores_as_fraud_and_a_loyal_customers_small_declines_do_not()
    {
        await using var services = new ServiceCollection().AddCommerceModels().BuildServiceProvider();
        var model = await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);

        var burst = await model.ScoreAsync(new FraudFeatures(3, 900, 1, 3, 6.1f));
        var loyal = await model.ScoreAsync(new FraudFeatures(3, 15, 0, 4, 13.8f));

        Assert.True(burst.Value >= CommerceModels.FraudRiskThreshold, $"burst scored {burst.Value}");
        Assert.True(loyal.Value < 0.05, $"loyal customer scored {loyal.Value}");
    }

    [Fact]
    public async Task Features_of_the_wrong_width_are_refused_naming_both_widths()
    {
        await using var services = new ServiceCollection().AddCommerceModels().BuildServiceProvider();
        var model = await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await model.ScoreAsync(new TwoFeatures()));

        Assert.Contains("takes 5 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("TwoFeatures gives 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_provider_disposed_synchronously_releases_a_loaded_batching_model()
    {
        var services = new ServiceCollection().AddCommerceModels().AddOnnxModel(CommerceModels.Fraud, o => o.MaxBatchSize = 8).BuildServiceProvider();
        var model = await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);
        await model.ScoreAsync(SampleModel.KnownInputs[0]);

        services.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await model.ScoreAsync(SampleModel.KnownInputs[0]));
    }

    private sealed class TwoFeatures : IModelFeatures
    {
        public int Count => 2;

        public void CopyTo(Span<float> row) => row.Fill(1);
    }
}
