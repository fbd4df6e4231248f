using System.Globalization;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Onnx.Tests.Reactions;

public sealed class SiloScoringTests : IAsyncLifetime
{
    private ReactorTestCluster? _cluster;

    private ReactorTestCluster Cluster => _cluster!;

    public async Task InitializeAsync() =>
        _cluster = await ReactorTestCluster.StartAsync(
            r => r.AddCommerceEventTypes(),
            configureSilo: silo => silo.Services.AddCommerceModels().AddOnnxModel(CommerceModels.Fraud, o => o.MaxBatchSize = 32));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    [Fact]
    public async Task Customer_grains_scoring_at_once_through_a_batching_model_each_record_the_score_of_their_own_features()
    {
        const int customers = 40;
        var start = DateTimeOffset.UtcNow;
        var publishes = new List<Task>();
        for (var c = 0; c < customers; c++)
        {
            var id = CustomerId(c);
            for (var p = 0; p < 3; p++)
            {
                var payment = new PaymentFailed(id, Amount(c), "declined");
                publishes.Add(Cluster.PublishAsync(CommerceTopics.Payments, TestCloudEvents.Create(CommerceEventTypes.PaymentFailed, id, payment, time: start.AddSeconds(p))));
            }
        }

        await Task.WhenAll(publishes);

        for (var c = 0; c < customers; c++)
        {
            var grain = Cluster.Client.GetGrain<ICustomerGrain>(CustomerId(c));
            Reactor.Abstractions.DecisionRecord? decision = null;
            await Eventually.Until($"customer {c}'s payment-fraud decision", async () =>
            {
                decision = (await grain.GetDecisionsAsync(start.AddDays(-1))).SingleOrDefault(d => d.RuleId == "payment-fraud-hold");
                return decision is not null;
            });

            var expected = SampleModel.Expected(new FraudFeatures(3, (float)(3 * (double)Amount(c)), 0, 0, 0));
            var output = double.Parse(decision!.Details[ModelDecisionKeys.For(CommerceModels.Fraud, ModelDecisionKeys.Output)], CultureInfo.InvariantCulture);
            Assert.Equal(expected, output, SampleModel.Tolerance);
            Assert.Equal(CommerceModels.FraudSha256, decision.Details[ModelDecisionKeys.For(CommerceModels.Fraud, ModelDecisionKeys.Sha256)]);
        }
    }

    private static string CustomerId(int c) => "scored-" + c.ToString(CultureInfo.InvariantCulture);

    private static decimal Amount(int c) => 5m + (c * 7.5m);
}
