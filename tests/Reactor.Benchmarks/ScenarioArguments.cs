using System.Globalization;
using Reactor.TestInfrastructure;

namespace Reactor.Benchmarks;

/// <summary>Reads scenario options from the command line and finds free loopback ports for silos.</summary>
internal static class ScenarioArguments
{
    /// <summary>Reads <c>--name value</c> as an integer, or returns <paramref name="fallback"/>.</summary>
    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Reads <c>--name value</c> as a number, or returns <see langword="null"/> when absent.</summary>
    public static double? Double(string[] args, string name) =>
        Value(args, name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Reads <c>--name 1,2,3</c> as integers, or returns <paramref name="fallback"/>.</summary>
    public static int[] IntList(string[] args, string name, int[] fallback) =>
        Value(args, name) is { } value ? [.. value.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))] : fallback;

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Returns a loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        return LoopbackPorts.Free();
    }
}
