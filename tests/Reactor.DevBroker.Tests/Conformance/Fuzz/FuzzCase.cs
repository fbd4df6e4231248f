namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>Bytes to send on a fresh connection, and what was done to them.</summary>
internal sealed record FuzzCase(string Description, byte[] Bytes)
{
    public override string ToString() => $"{Description} ({Bytes.Length} bytes)";
}
