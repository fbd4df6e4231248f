using Microsoft.Extensions.DependencyInjection;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.Testing;

namespace Reactor.Inference.Onnx.Tests.Reactions;

public sealed class CustomerFraudScoringTests
{
    private static readonly string Model = CommerceModels.Fraud;

    [Fact]
    public async Task A_failed_payment_burst_is_scored_by_the_real_model_and_the_decision_records_model_inputs_output_and_latency()
    {
        await using var services = new ServiceCollection().AddCommerceModels().BuildServiceProvider();
        var kit = Kit(services);

        await kit.Send(new PaymentFailed("c1", 400m, "declined"), new PaymentFailed("c1", 450m, "declined"), new PaymentFailed("c1", 500m, "declined"));

        var details = Assert.Single(kit.Decisions).Details;
        var expected = SampleModel.Expected(new FraudFeatures(3, 1350, 0, 0, 0));
        Assert.Equal(CommerceModels.FraudVersion, details[Key(ModelDecisionKeys.Version)]);
        Assert.Equal(CommerceModels.FraudSha256, details[Key(ModelDecisionKeys.Sha256)]);
        Assert.Equal("""{"failedPayments":3,"failedAmount":1350,"newDevice":0,"knownDevices":0,"logLifetimeSpend":0}""", details[Key(ModelDecisionKeys.Inputs)]);
        Assert.Equal(expected, double.Parse(details[Key(ModelDecisionKeys.Output)], System.Globalization.CultureInfo.InvariantCulture), SampleModel.Tolerance);
        Assert.True(double.Parse(details[Key(ModelDecisionKeys.LatencyMs)], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.False(details.ContainsKey(Key(ModelDecisionKeys.Fallback)));
        Assert.Single(kit.EmittedOf<AccountHoldRequested>());
    }

    [Fact]
    public async Task A_loyal_customers_small_declines_score_low_and_request_no_hold()
    {
        await using var services = new ServiceCollection().AddCommerceModels().BuildServiceProvider();
        var kit = Kit(services);
        await kit.Send(new SignedIn("c1", "phone", "NL"), new SignedIn("c1", "laptop", "NL"), new SignedIn("c1", "tablet", "NL"), new SignedIn("c1", "watch", "NL"));
        await kit.Send(new PaymentSucceeded("c1", 250_000m), new PaymentSucceeded("c1", 250_000m));

        await kit.Send(new PaymentFailed("c1", 5m, "declined"), new PaymentFailed("c1", 5m, "declined"), new PaymentFailed("c1", 5m, "declined"));

        var decision = Assert.Single(kit.Decisions, d => d.RuleId == "payment-fraud-hold");
        Assert.True(float.Parse(decision.Details[Key(ModelDecisionKeys.Output)], System.Globalization.CultureInfo.InvariantCulture) < CommerceModels.FraudRiskThreshold);
        Assert.Empty(kit.EmittedOf<AccountHoldRequested>());
    }

    [Theory]
    [InlineData(0.97, 1)]
    [InlineData(0.10, 0)]
    public async Task A_test_can_answer_for_the_model_without_an_onnx_file(double answer, int holds)
    {
        await using var services = new ServiceCollection().AddModelAnswer(Model, _ => answer).BuildServiceProvider();
        var kit = Kit(services);

        await kit.Send(new PaymentFailed("c1", 20m, "declined"), new PaymentFailed("c1", 35m, "declined"), new PaymentFailed("c1", 50m, "declined"));

        Assert.Equal(holds, kit.EmittedOf<AccountHoldRequested>().Count);
        Assert.Equal("test-answer", Assert.Single(kit.Decisions).Details[Key(ModelDecisionKeys.Version)]);
    }

    [Fact]
    public async Task Without_a_registered_model_the_rule_takes_its_declared_fallback_and_the_decision_says_so()
    {
        var kit = EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), entityId: "c1");

        await kit.Send(new PaymentFailed("c1", 20m, "declined"), new PaymentFailed("c1", 35m, "declined"), new PaymentFailed("c1", 50m, "declined"));

        var details = Assert.Single(kit.Decisions).Details;
        Assert.Equal("fallback", details[Key(ModelDecisionKeys.Version)]);
        Assert.Contains("No model named 'fraud'", details[Key(ModelDecisionKeys.Fallback)], StringComparison.Ordinal);
        Assert.Single(kit.EmittedOf<AccountHoldRequested>());
    }

    [Fact]
    public async Task The_redaction_hook_decides_what_the_decision_record_keeps_of_the_inputs()
    {
        await using var services = new ServiceCollection()
            .AddCommerceModels()
            .AddModelInputRedaction((model, features) => $"{model}: {((FraudFeatures)features).FailedPayments} failures, amounts withheld")
            .BuildServiceProvider();
        var kit = Kit(services);

        await kit.Send(new PaymentFailed("c1", 20m, "declined"), new PaymentFailed("c1", 35m, "declined"), new PaymentFailed("c1", 50m, "declined"));

        Assert.Equal("fraud: 3 failures, amounts withheld", Assert.Single(kit.Decisions).Details[Key(ModelDecisionKeys.Inputs)]);
    }

    [Fact]
    public async Task Scoring_an_unknown_model_without_a_fallback_fails_the_reaction_with_a_clear_error()
    {
        await using var services = new ServiceCollection().AddCommerceModels().BuildServiceProvider();
        var kit = new EntityTestKit<Customer>(
            e =>
            {
                e.On<PaymentFailed>((s, _) => s.FailedPaymentsTotal++);
                e.Rule("score-churn", version: 1)
                    .When(s => s.FailedPaymentsTotal >= 1)
                    .Then(async (ctx, s) => await ctx.Score("churn", FraudFeatures.From(s, 1, 1)));
            },
            entityId: "c1",
            services: services);

        await kit.Send(new PaymentFailed("c1", 20m, "declined"));

        var decision = Assert.Single(kit.Decisions);
        Assert.Contains("No model named 'churn'", decision.Error, StringComparison.Ordinal);
        Assert.Contains("registered: fraud", decision.Error, StringComparison.Ordinal);
    }

    private static string Key(string fact) => ModelDecisionKeys.For(Model, fact);

    private static EntityTestKit<Customer> Kit(IServiceProvider services) =>
        EntityTestKit<Customer>.ForGrain<CustomerGrain>(r => r.AddCommerceEventTypes(), entityId: "c1", services: services);
}
