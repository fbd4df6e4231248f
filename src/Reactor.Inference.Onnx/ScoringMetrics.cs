using System.Diagnostics.Metrics;

namespace Reactor.Inference.Onnx;

/// <summary>Publishes model scoring's meters (meter name <c>Reactor.Inference.Onnx</c>): score latency and micro-batch sizes, per model.</summary>
public static class ScoringMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Reactor.Inference.Onnx";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> ScoreDuration = Meter.CreateHistogram<double>(
        "reactor.model.score.duration", "ms", "Time one ctx.Score took (micro-batch queueing included), by model and outcome (scored, fallback).");

    private static readonly Histogram<int> BatchRows = Meter.CreateHistogram<int>(
        "reactor.model.batch.rows", "{row}", "Rows scored by one InferenceSession.Run of a micro-batching model, by model.");

    internal static void Scored(string model, TimeSpan duration, bool fallback) =>
        ScoreDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", fallback ? "fallback" : "scored"));

    internal static void Batched(string model, int rows) =>
        BatchRows.Record(rows, new KeyValuePair<string, object?>("model", model));
}
