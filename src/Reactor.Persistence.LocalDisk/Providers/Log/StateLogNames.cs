using System.Collections.Concurrent;
using System.Text;

namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>Shares one instance per state name and grain type among the index keys decoded from disk, so a million grains do not hold a million copies of "state".</summary>
internal static class StateLogNames
{
    private const int MaxNames = 4096;

    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainType> GrainTypes = new(StringComparer.Ordinal);

    /// <summary>Decodes a UTF-8 state name, returning the shared instance when there is one.</summary>
    /// <param name="utf8">The encoded name.</param>
    /// <returns>The name.</returns>
    public static string Intern(ReadOnlySpan<byte> utf8)
    {
        var name = Encoding.UTF8.GetString(utf8);
        if (Names.TryGetValue(name, out var shared))
        {
            return shared;
        }

        // State names are declared in code, so few; the bound only guards against a damaged log.
        return Names.Count < MaxNames ? Names.GetOrAdd(name, name) : name;
    }

    /// <summary>Decodes a grain type, returning the shared instance when there is one.</summary>
    /// <param name="bytes">The grain type's bytes.</param>
    /// <returns>The grain type.</returns>
    public static GrainType InternGrainType(ReadOnlySpan<byte> bytes)
    {
        var name = Encoding.UTF8.GetString(bytes);
        if (GrainTypes.TryGetValue(name, out var shared) && shared.AsSpan().SequenceEqual(bytes))
        {
            return shared;
        }

        var type = new GrainType(new IdSpan(bytes.ToArray()));
        return GrainTypes.Count < MaxNames && type.ToString() == name ? GrainTypes.GetOrAdd(name, type) : type;
    }
}
