using System.Buffers.Binary;

namespace Reactor.DevBroker.Tests.Conformance.Fuzz;

/// <summary>A valid request frame the fuzzer mutates; <see cref="BatchOffset"/> locates its record batch (Produce only, else -1).</summary>
internal sealed record RequestSeed(string Name, short ApiKey, short ApiVersion, byte[] Frame, int BatchOffset = -1)
{
    /// <summary>The correlation id in the frame's request header.</summary>
    public int CorrelationId => BinaryPrimitives.ReadInt32BigEndian(Frame.AsSpan(8));

    public override string ToString() => Name;
}
