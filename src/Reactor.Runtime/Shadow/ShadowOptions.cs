namespace Reactor.Runtime.Shadow;

/// <summary>Says what a shadow evaluation runs in place of the live definition, what it compares, and how much it may hold.</summary>
public sealed class ShadowOptions
{
    /// <summary>
    /// Gets or sets the ids of rules whose candidate version (<see cref="RuleBuilder{TState}.Candidate"/>) runs in place of
    /// the live version. Default: none (every rule runs its live version).
    /// </summary>
    public IReadOnlyCollection<string> CandidateRules { get; set; } = [];

    /// <summary>
    /// Gets or sets the models scored in place of others, by name: <c>{"fraud": "fraud-candidate"}</c> scores with the model
    /// registered as <c>fraud-candidate</c> wherever a reaction asks for <c>fraud</c>. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> ModelOverrides { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the event time from which decisions are compared. Events before it only warm the state up (state at an
    /// arbitrary offset is unknown unless folded from the beginning). Default: <see langword="null"/>, compare everything read.
    /// </summary>
    public DateTimeOffset? CompareFrom { get; set; }

    /// <summary>
    /// Gets or sets how many entities the evaluation may hold: it keeps every entity's state in memory for the whole run,
    /// so memory grows with entities times state size. Meeting one more entity fails the evaluation. Default: 100,000.
    /// </summary>
    public int MaxEntities { get; set; } = 100_000;

    /// <summary>Gets or sets how many diff entries the report lists; the counts cover every decision. Default: 100.</summary>
    public int MaxDiffEntries { get; set; } = 100;

    /// <summary>Checks the options, naming the property at fault.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or blank.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(CandidateRules);
        ArgumentNullException.ThrowIfNull(ModelOverrides);
        if (MaxEntities < 1)
        {
            throw new ArgumentException($"{nameof(MaxEntities)} must be 1 or more (was {MaxEntities}).", nameof(MaxEntities));
        }

        if (MaxDiffEntries < 0)
        {
            throw new ArgumentException($"{nameof(MaxDiffEntries)} must be 0 or more (was {MaxDiffEntries}).", nameof(MaxDiffEntries));
        }

        if (CandidateRules.Any(string.IsNullOrWhiteSpace) || ModelOverrides.Any(o => string.IsNullOrWhiteSpace(o.Key) || string.IsNullOrWhiteSpace(o.Value)))
        {
            throw new ArgumentException("Candidate rule ids and model override names must not be blank.", nameof(CandidateRules));
        }
    }
}
