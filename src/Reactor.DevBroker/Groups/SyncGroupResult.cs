using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Groups;

/// <summary>Carries a SyncGroup response.</summary>
/// <param name="Error">The error, or <see cref="KafkaErrorCode.None"/>.</param>
/// <param name="Assignment">The member's assignment bytes.</param>
internal sealed record SyncGroupResult(KafkaErrorCode Error, byte[] Assignment);
