namespace Reactor.DevBroker.Groups;

/// <summary>Names one assignment protocol a member supports and carries its opaque metadata.</summary>
/// <param name="Name">The protocol (assignor) name.</param>
/// <param name="Metadata">The member's metadata for that protocol.</param>
internal sealed record GroupProtocol(string Name, byte[] Metadata);
