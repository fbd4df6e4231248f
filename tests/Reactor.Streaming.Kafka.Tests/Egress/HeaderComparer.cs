namespace Reactor.Streaming.Kafka.Tests.Egress;

/// <summary>Compares Kafka headers by name and exact value bytes.</summary>
internal sealed class HeaderComparer : IEqualityComparer<(string Key, byte[] Value)>
{
    public static readonly HeaderComparer Instance = new();

    public bool Equals((string Key, byte[] Value) x, (string Key, byte[] Value) y) =>
        x.Key == y.Key && (x.Value ?? []).AsSpan().SequenceEqual(y.Value ?? []);

    public int GetHashCode((string Key, byte[] Value) obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
}
