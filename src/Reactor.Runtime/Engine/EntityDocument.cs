using Reactor.Abstractions;
using Reactor.Runtime.Windows;

namespace Reactor.Runtime.Engine;

/// <summary>
/// The one stored layout of an entity, the same in every store (System.Text.Json, camelCase):
/// <c>schemaVersion</c>, <c>stateVersion</c>, <c>positions</c>, <c>epochs</c>, <c>state</c>, <c>recentDecisions</c> and
/// <c>matchingRules</c> (the rules whose condition held after the last event, so a rule fires once per crossing), and,
/// since the rules issue and all optional, <c>windows</c>, <c>deadlines</c> and <c>lastFired</c>, and since the inference
/// issue (optional) <c>outbox</c>.
/// </summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
public sealed class EntityDocument<TState>
    where TState : class, new()
{
    /// <summary>The layout version this code writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets or sets the layout version of the stored document.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Gets or sets the number of events applied to the state.</summary>
    public long StateVersion { get; set; }

    /// <summary>Gets or sets the last applied offset per topic-partition (<c>topic/partition</c> keys).</summary>
    public Dictionary<string, long> Positions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the replay epoch per topic (absent means 0): the newest rewind the entity was rebuilt for. Events of
    /// the topic stamped with a lower epoch were read before that rewind and are dropped.
    /// </summary>
    public Dictionary<string, long> Epochs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the entity's state.</summary>
    public TState State { get; set; } = new();

    /// <summary>Gets or sets the most recent decisions, newest last, bounded by the configured limit.</summary>
    public List<DecisionRecord> RecentDecisions { get; set; } = [];

    /// <summary>Gets or sets the keys (<c>rule@vN</c>) of the rules whose condition held after the last event.</summary>
    public HashSet<string> MatchingRules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the contents of the entity's event windows, by window name.</summary>
    public Dictionary<string, WindowData> Windows { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the armed absence deadlines, at most one per rule.</summary>
    public List<DeadlineData> Deadlines { get; set; } = [];

    /// <summary>Gets or sets the event time each rule with a cooldown last fired at, by rule id.</summary>
    public Dictionary<string, DateTimeOffset> LastFired { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the entity's outbox: actions still to run, and the most recently completed ones (so a key that
    /// completed is never run again), oldest first.
    /// </summary>
    public List<OutboxEntry> Outbox { get; set; } = [];
}
