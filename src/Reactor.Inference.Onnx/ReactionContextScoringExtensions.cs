using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Inference.Onnx.Providers;
using Reactor.Runtime;
using Reactor.Runtime.Metrics;
using Reactor.Runtime.Shadow;

namespace Reactor.Inference.Onnx;

/// <summary>Scores features with a registered model from a reaction, and records the model, inputs, output and latency in the decision record.</summary>
public static class ReactionContextScoringExtensions
{
    /// <summary>
    /// Scores <paramref name="features"/> with the model registered as <paramref name="model"/>. The decision record gets
    /// the model's version and SHA-256, the inputs (through the <see cref="IModelInputRedactor"/>), the output and the
    /// latency (<see cref="ModelDecisionKeys"/>).
    /// </summary>
    /// <param name="context">The reaction context.</param>
    /// <param name="model">The model name.</param>
    /// <param name="features">The features.</param>
    /// <param name="cancellationToken">Cancels waiting for the score.</param>
    /// <returns>The model's answer.</returns>
    /// <exception cref="UnknownModelException">No model is registered under <paramref name="model"/>.</exception>
    public static async Task<ModelScore> Score(this IReactionContext context, string model, IModelFeatures features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(features);
        model = ModelFor(context, model);
        using var activity = ReactorActivities.StartScore(model);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var registry = context.Services.GetService<IModelRegistry>() ?? throw new UnknownModelException(model, []);
            var scoring = await registry.GetAsync(model, cancellationToken);
            var score = await scoring.ScoreAsync(features, cancellationToken);
            RecordScore(context, features, score, Stopwatch.GetElapsedTime(started), activity);
            return score;
        }
        catch (Exception ex)
        {
            activity?.SetTag("error.type", ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Scores <paramref name="features"/> with the model registered as <paramref name="model"/>, or answers
    /// <paramref name="fallback"/> when the model is not registered or fails; the decision record then says so
    /// (<see cref="ModelDecisionKeys.Fallback"/>).
    /// </summary>
    /// <param name="context">The reaction context.</param>
    /// <param name="model">The model name.</param>
    /// <param name="features">The features.</param>
    /// <param name="fallback">The answer to use when the model cannot give one.</param>
    /// <param name="cancellationToken">Cancels waiting for the score.</param>
    /// <returns>The model's answer, or the fallback marked <see cref="ModelScore.IsFallback"/>.</returns>
    public static async Task<ModelScore> Score(this IReactionContext context, string model, IModelFeatures features, double fallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(features);
        model = ModelFor(context, model);
        using var activity = ReactorActivities.StartScore(model);
        var started = Stopwatch.GetTimestamp();
        ModelScore score;
        try
        {
            var registry = context.Services.GetService<IModelRegistry>() ?? throw new UnknownModelException(model, []);
            var scoring = await registry.GetAsync(model, cancellationToken);
            score = await scoring.ScoreAsync(features, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            score = new ModelScore(model, "fallback", string.Empty, [(float)fallback]) { IsFallback = true, FallbackReason = ex.Message };
        }

        RecordScore(context, features, score, Stopwatch.GetElapsedTime(started), activity);
        return score;
    }

    // A shadow evaluation may score with a candidate model wherever the reaction asks for another; live hosts have no overrides.
    private static string ModelFor(IReactionContext context, string model) =>
        context.Services.GetService<ModelOverrides>()?.Resolve(model) ?? model;

    private static void RecordScore(IReactionContext context, IModelFeatures features, ModelScore score, TimeSpan latency, Activity? activity)
    {
        activity?.SetTag("reactor.model.version", score.Version);
        activity?.SetTag("reactor.model.sha256", score.Sha256);
        if (score.FallbackReason is { } fallback)
        {
            activity?.SetTag("reactor.model.fallback", fallback);
        }

        var redactor = context.Services.GetService<IModelInputRedactor>() ?? JsonModelInputRedactor.Instance;
        var model = score.Model;
        ScoringMetrics.Scored(model, latency, score.IsFallback);
        var keys = ModelDecisionKeys.Of(model);
        context.Record(keys.Version, score.Version);
        context.Record(keys.Sha256, score.Sha256);
        context.Record(keys.Input, redactor.Describe(model, features));
        context.Record(keys.Output, score.Values.Count == 1 ? score.Values[0].ToString(CultureInfo.InvariantCulture) : string.Join(",", score.Values.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        context.Record(keys.LatencyMs, latency.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));
        if (score.FallbackReason is { } reason)
        {
            context.Record(keys.Fallback, reason);
        }
    }
}
