using Reactor.Abstractions;

namespace Reactor.Runtime.DecisionLog;

/// <summary>
/// Stores decision records durably and answers "all decisions of entity X between T1 and T2".
/// Records are immutable once written. Appending a record whose id is already stored is harmless:
/// readers return each id once.
/// </summary>
public interface IDecisionLog
{
    /// <summary>Appends decision records of one entity; the call completes once they are durable.</summary>
    /// <param name="entityType">The entity type (grain class name).</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="records">The records, in decision order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    Task AppendAsync(string entityType, string entityId, IReadOnlyList<DecisionRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Reads the decisions of one entity with <see cref="DecisionRecord.DecidedAt"/> in [<paramref name="from"/>, <paramref name="to"/>), oldest first, each id once.</summary>
    /// <param name="entityType">The entity type (grain class name).</param>
    /// <param name="entityId">The entity id.</param>
    /// <param name="from">The inclusive lower bound of the decision time.</param>
    /// <param name="to">The exclusive upper bound of the decision time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records in the range.</returns>
    Task<IReadOnlyList<DecisionRecord>> ReadAsync(string entityType, string entityId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
