using Reactor.Samples.Commerce.Customers;

namespace Reactor.Samples.FraudModel;

/// <summary>
/// Generates synthetic customers' payment histories and fraud labels from a seed. The ground truth is a known logistic
/// function of the features plus chance, so the trained model can be checked against it.
/// </summary>
internal static class SyntheticPayments
{
    /// <summary>The ground truth's intercept and weights, in <see cref="FraudFeatures.Names"/> order.</summary>
    public static readonly double[] TrueWeights = [-3.0, 0.9, 0.004, 1.6, -0.3, -0.35];

    public static List<LabelledRow> Generate(int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        var rows = new List<LabelledRow>(count);
        for (var i = 0; i < count; i++)
        {
            // Most customers have no recent failures; a few have many.
            var failed = (int)Math.Floor(random.NextDouble() * random.NextDouble() * 7);
            var amount = 0.0;
            for (var f = 0; f < failed; f++)
            {
                amount += Math.Round(10 + (random.NextDouble() * 490), 2);
            }

            var newDevice = random.NextDouble() < 0.15 ? 1 : 0;
            var devices = 1 + (int)Math.Floor(random.NextDouble() * 4);
            var logSpend = Math.Round(random.NextDouble() * 9, 4);
            var features = new FraudFeatures(failed, (float)amount, newDevice, devices, (float)logSpend);
            var logit = TrueWeights[0] + (TrueWeights[1] * failed) + (TrueWeights[2] * amount) + (TrueWeights[3] * newDevice)
                + (TrueWeights[4] * devices) + (TrueWeights[5] * logSpend);
            rows.Add(new LabelledRow(features, random.NextDouble() < 1 / (1 + Math.Exp(-logit))));
        }

        return rows;
    }
}
