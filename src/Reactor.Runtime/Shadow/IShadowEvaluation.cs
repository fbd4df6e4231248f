using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;

namespace Reactor.Runtime.Shadow;

/// <summary>
/// Folds replayed history into fresh, in-memory entity state with side effects off, then compares the decisions it would
/// have made with those the decision log holds. Feed it events in log order per partition; read its counters from any thread.
/// </summary>
public interface IShadowEvaluation
{
    /// <summary>Gets the entity type evaluated (the Orleans grain type, as decision records name it).</summary>
    string EntityType { get; }

    /// <summary>Gets the entities held so far.</summary>
    long Entities { get; }

    /// <summary>Gets the events applied so far.</summary>
    long EventsApplied { get; }

    /// <summary>Gets the events not applied so far (types the entity does not handle, events its engine would dead-letter).</summary>
    long EventsSkipped { get; }

    /// <summary>Gets the decisions the shadow run would have made so far in the compared range.</summary>
    long DecisionsWouldHave { get; }

    /// <summary>Applies one replayed event to its entity's shadow state and records the decisions that would have followed.</summary>
    /// <param name="envelope">The event, as the transport decoded it.</param>
    /// <returns>A task that completes when the event was processed.</returns>
    /// <exception cref="InvalidOperationException">The event is for one entity more than <see cref="ShadowOptions.MaxEntities"/>.</exception>
    Task ProcessAsync(EventEnvelope envelope);

    /// <summary>
    /// Fires the absence deadlines due by <paramref name="until"/> (the latest event time read of any entity, when omitted), then reads the
    /// live decisions of every entity met and compares them with the shadow decisions.
    /// </summary>
    /// <param name="liveDecisions">The decision log the live entities write to.</param>
    /// <param name="compared">Tells whether a live decision's triggering position lies in the range read (its events were
    /// folded); <see langword="null"/> for every position.</param>
    /// <param name="until">The time up to which deadlines fire.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report.</returns>
    Task<ShadowReport> CompleteAsync(IDecisionLog liveDecisions, Func<LogPosition, bool>? compared = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default);
}
