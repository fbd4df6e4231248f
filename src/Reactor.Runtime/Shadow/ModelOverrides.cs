namespace Reactor.Runtime.Shadow;

/// <summary>
/// Maps the model names reactions ask for to the models a shadow evaluation scores with instead. A shadow evaluation offers
/// it to reactions as a service; scoring (<c>ctx.Score</c>) asks for it, and live hosts never register one.
/// </summary>
public sealed class ModelOverrides
{
    private readonly IReadOnlyDictionary<string, string> _overrides;

    /// <summary>Creates the overrides.</summary>
    /// <param name="overrides">The model to use, by the model asked for.</param>
    public ModelOverrides(IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        _overrides = new Dictionary<string, string>(overrides, StringComparer.Ordinal);
    }

    /// <summary>Gets the model to score with when a reaction asks for <paramref name="model"/>.</summary>
    /// <param name="model">The model name the reaction asked for.</param>
    /// <returns>The override, or <paramref name="model"/> itself.</returns>
    public string Resolve(string model) => _overrides.GetValueOrDefault(model, model);
}
