namespace Reactor.Samples.FraudModel;

/// <summary>
/// Writes a logistic regression as an ONNX model: input <c>features</c> float [rows, n] → MatMul(weights [n, 1]) →
/// Add(bias [1]) → Sigmoid → output <c>probability</c> float [rows, 1]. Field numbers are those of onnx.proto.
/// </summary>
internal static class OnnxLogisticWriter
{
    public const string InputName = "features";
    public const string OutputName = "probability";

    private const long IrVersion = 8;
    private const long Opset = 13;
    private const int FloatType = 1;

    public static byte[] Write(LogisticModel model, IReadOnlyList<string> featureNames, string version)
    {
        var n = model.Weights.Length;
        var graph = new ProtoWriter()
            .Message(1, Node("MatMul", [InputName, "weights"], "logit_unbiased"))
            .Message(1, Node("Add", ["logit_unbiased", "bias"], "logit"))
            .Message(1, Node("Sigmoid", ["logit"], OutputName))
            .String(2, "fraud_logistic_regression")
            .Message(5, Tensor("weights", [n, 1], model.Weights))
            .Message(5, Tensor("bias", [1], [model.Bias]))
            .Message(11, ValueInfo(InputName, n))
            .Message(12, ValueInfo(OutputName, 1));

        return new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "Reactor.Samples.FraudModel")
            .String(3, version)
            .Int(5, 1)
            .String(6, "Payment-fraud logistic regression trained on synthetic data; inputs: " + string.Join(", ", featureNames))
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, string.Empty).Int(2, Opset))
            .Message(14, new ProtoWriter().String(1, "features").String(2, string.Join(",", featureNames)))
            .ToArray();
    }

    private static ProtoWriter Node(string op, string[] inputs, string output)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(3, op.ToLowerInvariant()).String(4, op);
    }

    private static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor.Int(2, FloatType).PackedFloats(4, values).String(8, name);
    }

    private static ProtoWriter ValueInfo(string name, long width)
    {
        var shape = new ProtoWriter()
            .Message(1, new ProtoWriter().String(2, "rows"))
            .Message(1, new ProtoWriter().Int(1, width));
        var tensorType = new ProtoWriter().Int(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
