namespace Reactor.Samples.FraudModel;

/// <summary>A trained logistic regression on raw (unscaled) features: p = sigmoid(w · x + b).</summary>
/// <param name="Weights">One weight per feature, in the model's input order.</param>
/// <param name="Bias">The intercept.</param>
internal sealed record LogisticModel(float[] Weights, float Bias)
{
    /// <summary>Computes the probability in double precision from the coefficients, independently of ONNX Runtime.</summary>
    /// <param name="row">The features.</param>
    /// <returns>The probability of fraud.</returns>
    public double Probability(ReadOnlySpan<float> row)
    {
        double z = Bias;
        for (var i = 0; i < Weights.Length; i++)
        {
            z += (double)Weights[i] * row[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }
}
