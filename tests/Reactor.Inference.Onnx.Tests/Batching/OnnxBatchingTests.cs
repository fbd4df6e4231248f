using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Inference.Onnx.Tests.Batching;

public sealed class OnnxBatchingTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(32, 0)]
    [InlineData(64, 2)]
    public async Task Many_concurrent_callers_each_get_the_score_of_their_own_features(int maxBatchSize, int maxBatchDelayMs)
    {
        await using var services = new ServiceCollection()
            .AddCommerceModels()
            .AddOnnxModel(CommerceModels.Fraud, o =>
            {
                o.MaxBatchSize = maxBatchSize;
                o.MaxBatchDelay = TimeSpan.FromMilliseconds(maxBatchDelayMs);
            })
            .BuildServiceProvider();
        var model = await services.GetRequiredService<IModelRegistry>().GetAsync(CommerceModels.Fraud);
        var inputs = Enumerable.Range(0, 2_000)
            .Select(i => new FraudFeatures(i % 7, i * 1.5f, i % 2, 1 + (i % 4), (i % 90) / 10f))
            .ToList();

        var scores = await Task.WhenAll(inputs.Select(features => Task.Run(async () => (features, score: await model.ScoreAsync(features)))));

        foreach (var (features, score) in scores)
        {
            Assert.Equal(SampleModel.Expected(features), score.Value, SampleModel.Tolerance);
        }
    }
}
