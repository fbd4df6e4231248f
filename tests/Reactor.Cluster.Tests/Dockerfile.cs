using System.Text.RegularExpressions;

namespace Reactor.Cluster.Tests;

/// <summary>The Host's Dockerfile, read as the tests need it: its stages, environment, user, health check and publish command.</summary>
internal sealed partial class Dockerfile
{
    private readonly string[] _lines;

    private Dockerfile(string text)
    {
        Text = text;

        // Continuation lines joined, comments dropped: one instruction per entry.
        _lines = ContinuedLine().Replace(text, " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    }

    public static string PathInRepository => Path.Combine("src", "Reactor.Host", "Dockerfile");

    public string Text { get; }

    public IEnumerable<string> Instructions(string keyword) =>
        _lines.Where(l => l.StartsWith(keyword + " ", StringComparison.Ordinal)).Select(l => l[(keyword.Length + 1)..].Trim());

    /// <summary>Gets the arguments of the one <c>RUN dotnet publish</c> instruction, after <c>dotnet</c>.</summary>
    public IReadOnlyList<string> PublishArguments =>
        Instructions("RUN").Single(r => r.StartsWith("dotnet publish ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

    /// <summary>Gets the variables the runtime stage sets with <c>ENV name=value ...</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Instructions("ENV").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public static Dockerfile Load() => new(File.ReadAllText(Path.Combine(RepositoryPaths.Root, PathInRepository)));

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();
}
