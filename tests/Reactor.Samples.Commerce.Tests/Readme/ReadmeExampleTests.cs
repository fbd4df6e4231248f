using Reactor.TestInfrastructure;

namespace Reactor.Samples.Commerce.Tests.Readme;

/// <summary>Keeps the README's reaction example compiled, running and identical to the code here.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void Readme_shows_exactly_the_compiled_example()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Reactor.Samples.Commerce.Tests", "Readme", "ReadmeExample.cs"));
        var snippet = Between(source, "// begin-snippet: readme-reaction\n", "// end-snippet");
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Contains("```csharp\n" + snippet + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readme_example_freezes_the_card_after_three_declines()
    {
        await using var cluster = await ReactorTestCluster.StartAsync(r => r
            .AddEventType<CardDeclined>("com.example.card.declined")
            .AddEventType<CardCharged>("com.example.card.charged")
            .AddEventType<FreezeCard>("com.example.card.freeze"));
        for (var i = 0; i < 3; i++)
        {
            await cluster.PublishAsync("card-events", TestCloudEvents.Create("com.example.card.declined", "card-1", new CardDeclined("card-1", 20m)));
        }

        var card = cluster.Client.GetGrain<ICardGrain>("card-1");
        await Eventually.Until("three declines applied", async () => (await card.GetSnapshotAsync()).StateVersion == 3);
        var decision = Assert.Single(await card.GetDecisionsAsync(DateTimeOffset.MinValue));
        Assert.Equal("freeze-after-declines", decision.RuleId);
        Assert.Equal("card-actions", Assert.Single(decision.Actions).Target);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Reactor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Reactor.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
