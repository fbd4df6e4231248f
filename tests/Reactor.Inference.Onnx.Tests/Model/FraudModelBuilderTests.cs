using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.FraudModel;

namespace Reactor.Inference.Onnx.Tests.Model;

public sealed class FraudModelBuilderTests
{
    [Fact]
    public void Build_twice_writes_the_same_bytes()
    {
        var first = FraudModelBuilder.Build();
        var second = FraudModelBuilder.Build();

        Assert.Equal(first.Onnx, second.Onnx);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public async Task The_committed_model_is_what_the_builder_writes_and_has_the_committed_hash()
    {
        var committed = await File.ReadAllBytesAsync(SampleModel.Path);

        Assert.Equal(SampleModel.Build.Onnx, committed);
        Assert.Equal(CommerceModels.FraudSha256, SampleModel.Build.Sha256);
    }

    [Fact]
    public void Training_recovers_the_synthetic_ground_truth_and_separates_held_out_data()
    {
        var build = SampleModel.Build;

        // The data is drawn from a known logistic function; 20,000 rows pin its coefficients down closely.
        Assert.InRange(build.Model.Bias, -3.5, -2.5);
        for (var i = 0; i < build.Model.Weights.Length; i++)
        {
            var truth = SyntheticPayments.TrueWeights[i + 1];
            Assert.InRange(build.Model.Weights[i], truth - (Math.Abs(truth) * 0.25), truth + (Math.Abs(truth) * 0.25));
        }

        Assert.True(build.HoldoutAuc > 0.9, $"holdout AUC {build.HoldoutAuc}");
    }
}
