using System.Security.Cryptography;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Samples.FraudModel;

/// <summary>Builds the sample fraud model from fixed seeds: the same bytes every time.</summary>
internal static class FraudModelBuilder
{
    public const ulong TrainingSeed = 20261123;
    public const ulong HoldoutSeed = 7;
    public const int TrainingRows = 20_000;
    public const int HoldoutRows = 5_000;

    public static FraudModelBuild Build()
    {
        var training = SyntheticPayments.Generate(TrainingRows, TrainingSeed);
        var model = LogisticRegressionTrainer.Train([.. training.Select(r => ToRow(r.Features))], [.. training.Select(r => r.IsFraud)]);
        var onnx = OnnxLogisticWriter.Write(model, FraudFeatures.Names, CommerceModels.FraudVersion);
        var holdout = SyntheticPayments.Generate(HoldoutRows, HoldoutSeed);
        var scored = holdout.Select(r => (Score: model.Probability(ToRow(r.Features)), r.IsFraud)).ToList();
        return new FraudModelBuild(model, onnx, Convert.ToHexStringLower(SHA256.HashData(onnx)), Auc(scored), scored.Count(s => s.IsFraud) / (double)scored.Count);
    }

    public static float[] ToRow(FraudFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var row = new float[FraudFeatures.Names.Count];
        features.CopyTo(row);
        return row;
    }

    // The probability that a random fraud case scores above a random legitimate one (ties count half).
    private static double Auc(List<(double Score, bool IsFraud)> scored)
    {
        var ordered = scored.OrderBy(s => s.Score).ToList();
        double rankSum = 0;
        var i = 0;
        while (i < ordered.Count)
        {
            var j = i;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                j++;
            }

            var averageRank = (i + j + 1) / 2.0;
            rankSum += averageRank * ordered.Skip(i).Take(j - i).Count(s => s.IsFraud);
            i = j;
        }

        double positives = ordered.Count(s => s.IsFraud);
        var negatives = ordered.Count - positives;
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
