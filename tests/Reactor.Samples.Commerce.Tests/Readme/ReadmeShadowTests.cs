using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Events;
using Reactor.Runtime.Shadow;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Samples.Commerce.Tests.Readme;

/// <summary>Keeps the README's shadow-mode snippet identical to the sample's candidate rule, and shows what the candidate would decide.</summary>
public sealed class ReadmeShadowTests
{
    [Fact]
    public void Readme_shows_exactly_the_samples_candidate_rule()
    {
        var root = ReadmeExampleTests.RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "src", "Reactor.Samples.Commerce", "Customers", "CustomerGrain.cs"));
        var from = source.IndexOf("// begin-snippet: readme-candidate\n", StringComparison.Ordinal);
        var lines = source[from..source.IndexOf("        // end-snippet", from, StringComparison.Ordinal)].Split('\n').Skip(1);
        var snippet = string.Join('\n', lines.Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        Assert.Contains("```csharp\n" + snippet + "```", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Candidate_would_hold_at_the_second_failed_payment_where_the_live_rule_waits_for_the_third()
    {
        using var data = new TempDirectory("readme-shadow");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddReactor(r => r.AddCommerceEventTypes())
            .AddLocalDiskDecisionLog(o => o.RootDirectory = data.Path)
            .BuildServiceProvider();
        var registry = services.GetRequiredService<EventTypeRegistry>();
        var shadow = ShadowEvaluations.Create(typeof(CustomerGrain), "customer", registry, services, new ShadowOptions { CandidateRules = ["payment-fraud-hold"] });
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < 2; i++)
        {
            await shadow.ProcessAsync(new EventEnvelope
            {
                Id = $"p{i}",
                Source = "/tests",
                Type = registry.GetName(typeof(PaymentFailed)),
                EntityId = "c-1",
                Time = start.AddMinutes(i),
                Position = new LogPosition(CommerceTopics.Payments, 0, i),
                Data = JsonSerializer.SerializeToUtf8Bytes(new PaymentFailed("c-1", 300m, "declined"), ReactorJson.Options),
            });
        }

        var report = await shadow.CompleteAsync(services.GetRequiredService<IDecisionLog>());

        var diff = Assert.Single(report.Diffs);
        Assert.Equal((ShadowDiffKind.OnlyShadow, 1L, 3), (diff.Kind, diff.Trigger.Offset, diff.Shadow!.RuleVersion));
        Assert.StartsWith($"emit {CommerceTopics.CustomerActions} ", Assert.Single(diff.Shadow.Actions), StringComparison.Ordinal);
        Assert.Contains("2 failed payments", diff.Shadow.Actions[0], StringComparison.Ordinal);
    }
}
