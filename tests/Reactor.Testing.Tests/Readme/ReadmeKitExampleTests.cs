namespace Reactor.Testing.Tests.Readme;

/// <summary>Keeps the README's test-kit example identical to the compiled test next to it.</summary>
public sealed class ReadmeKitExampleTests
{
    [Fact]
    public void Readme_shows_exactly_the_compiled_kit_example()
    {
        var root = RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "tests", "Reactor.Testing.Tests", "Readme", "ReadmeKitExample.cs"));
        const string start = "    // begin-snippet: readme-test\n";
        var from = source.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var snippet = Unindent(source[from..source.IndexOf("    // end-snippet", from, StringComparison.Ordinal)]);

        Assert.Contains("```csharp\n" + snippet + "```", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
        Assert.Contains("```csharp\n" + snippet + "```", File.ReadAllText(Path.Combine(root, "src", "Reactor.Testing", "README.md")), StringComparison.Ordinal);
    }

    private static string Unindent(string text) =>
        string.Concat(text.Split('\n').Select(line => (line.StartsWith("    ", StringComparison.Ordinal) ? line[4..] : line) + "\n"))[..^1];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Reactor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Reactor.sln not found above " + AppContext.BaseDirectory);
    }
}
