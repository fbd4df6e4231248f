namespace Reactor.Runtime.Persistence;

/// <summary>
/// Marks a grain storage that writes every state through <see cref="StateDocument.Serialize{T}"/>, so it accepts a
/// <see cref="SerializedState"/> as the state of a write and stores the same document the state object would give.
/// Entity grains write their snapshots that way to such a storage; any other storage gets the state object.
/// </summary>
public interface IStateDocumentStorage;
