namespace Reactor.Runtime.Persistence;

/// <summary>What <see cref="StateDocument.Deserialize{T}"/> read from a stored document.</summary>
/// <typeparam name="T">The state type.</typeparam>
/// <param name="ETag">The ETag written into the document, for stores that keep it there; otherwise <see langword="null"/>.</param>
/// <param name="SchemaVersion">The schema version the document was written with.</param>
/// <param name="HasState">Whether the document holds a state (<see langword="false"/> for a cleared record).</param>
/// <param name="State">The state, upgraded to the current schema version; <see langword="default"/> when absent or JSON <c>null</c>.</param>
public readonly record struct StoredState<T>(string? ETag, int SchemaVersion, bool HasState, T? State);
