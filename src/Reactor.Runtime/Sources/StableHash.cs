namespace Reactor.Runtime.Sources;

/// <summary>Hashes keys the same way in every process and run (string.GetHashCode is randomized per process).</summary>
internal static class StableHash
{
    public static uint Fnv1a(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
