using System.Text.Json;

namespace Reactor.Runtime.Persistence;

/// <summary>
/// A state already serialized to JSON, handed to a grain storage that writes states through <see cref="StateDocument"/>
/// (<see cref="IStateDocumentStorage"/>) in place of the state object: the document it writes is the same, and the state
/// is serialized once instead of being copied for the write and serialized again. A storage may read
/// <see cref="Json"/> until the write's task completes (the local-disk state log encodes it on its writer thread), so
/// the array must not change before then.
/// </summary>
/// <param name="Json">The state serialized with <paramref name="Options"/>.</param>
/// <param name="StateType">The state's type, whose schema version the document records.</param>
/// <param name="Options">The serializer settings <paramref name="Json"/> was written with.</param>
public sealed record SerializedState(byte[] Json, Type StateType, JsonSerializerOptions Options);
