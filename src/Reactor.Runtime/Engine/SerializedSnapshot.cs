using Reactor.Abstractions;
using Reactor.Runtime.Persistence;

namespace Reactor.Runtime.Engine;

/// <summary>
/// An entity's document serialized once for a write, with what the write makes durable: what an entity grain writes
/// (as it is to an <see cref="IStateDocumentStorage"/>), where a <see cref="PersistSnapshot{TState}"/> holds a copy.
/// </summary>
/// <param name="State">The serialized document.</param>
/// <param name="Positions">The positions the document covers.</param>
/// <param name="Epochs">The replay epochs of the document.</param>
/// <param name="HasPendingOutbox">Whether the document holds outbox entries still to run.</param>
/// <param name="Decisions">The decisions to append to the decision log before the document is written.</param>
/// <param name="NewOutboxKeys">The keys of outbox entries this write makes durable for the first time.</param>
public sealed record SerializedSnapshot(
    SerializedState State,
    IReadOnlyDictionary<string, long> Positions,
    IReadOnlyDictionary<string, long> Epochs,
    bool HasPendingOutbox,
    IReadOnlyList<DecisionRecord> Decisions,
    IReadOnlyList<string>? NewOutboxKeys);
