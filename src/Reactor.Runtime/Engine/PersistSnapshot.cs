using Reactor.Abstractions;

namespace Reactor.Runtime.Engine;

/// <summary>A copy of an entity's document and its unwritten decisions, written while the entity goes on processing events.</summary>
/// <typeparam name="TState">The entity's state type.</typeparam>
/// <param name="Document">The document copy; its positions are what the write makes durable.</param>
/// <param name="Decisions">The decisions to append to the decision log before the document is written.</param>
public sealed record PersistSnapshot<TState>(EntityDocument<TState> Document, IReadOnlyList<DecisionRecord> Decisions)
    where TState : class, new();
