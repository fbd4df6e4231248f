namespace Reactor.Samples.FraudModel;

/// <summary>
/// Trains a logistic regression by full-batch gradient descent on standardized features, a fixed number of steps, then
/// folds the scaling back into the weights so the model takes raw features. Deterministic: fixed order, no randomness.
/// </summary>
internal static class LogisticRegressionTrainer
{
    public static LogisticModel Train(IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels, int steps = 400, double learningRate = 0.5)
    {
        var width = rows[0].Length;
        var (mean, scale) = Standardization(rows, width);
        var w = new double[width];
        var b = 0.0;
        var gradient = new double[width];
        for (var step = 0; step < steps; step++)
        {
            Array.Clear(gradient);
            var gradientB = 0.0;
            for (var r = 0; r < rows.Count; r++)
            {
                var z = b;
                for (var i = 0; i < width; i++)
                {
                    z += w[i] * ((rows[r][i] - mean[i]) / scale[i]);
                }

                var error = (1 / (1 + Math.Exp(-z))) - (labels[r] ? 1 : 0);
                for (var i = 0; i < width; i++)
                {
                    gradient[i] += error * ((rows[r][i] - mean[i]) / scale[i]);
                }

                gradientB += error;
            }

            for (var i = 0; i < width; i++)
            {
                w[i] -= learningRate * gradient[i] / rows.Count;
            }

            b -= learningRate * gradientB / rows.Count;
        }

        // Raw-feature form; rounded so the written file does not depend on the last bits of floating-point arithmetic.
        var weights = new float[width];
        var bias = b;
        for (var i = 0; i < width; i++)
        {
            weights[i] = (float)Math.Round(w[i] / scale[i], 6);
            bias -= w[i] * mean[i] / scale[i];
        }

        return new LogisticModel(weights, (float)Math.Round(bias, 6));
    }

    private static (double[] Mean, double[] Scale) Standardization(IReadOnlyList<float[]> rows, int width)
    {
        var mean = new double[width];
        var scale = new double[width];
        foreach (var row in rows)
        {
            for (var i = 0; i < width; i++)
            {
                mean[i] += row[i];
            }
        }

        for (var i = 0; i < width; i++)
        {
            mean[i] /= rows.Count;
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < width; i++)
            {
                scale[i] += (row[i] - mean[i]) * (row[i] - mean[i]);
            }
        }

        for (var i = 0; i < width; i++)
        {
            scale[i] = Math.Sqrt(scale[i] / rows.Count) is var s && s > 0 ? s : 1;
        }

        return (mean, scale);
    }
}
