using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Tests.Domain;

namespace Reactor.Runtime.Tests.Engine;

public sealed class EntityDocumentCompatibilityTests
{
    [Fact]
    public void Document_written_before_windows_and_deadlines_reads_with_them_empty()
    {
        const string stored = """
            {"schemaVersion":1,"stateVersion":3,"positions":{"tallies/0":5},"epochs":{},
             "state":{"count":3,"sum":12,"amounts":[2,4,6]},"recentDecisions":[],"matchingRules":["big-sum@v2"]}
            """;

        var document = JsonSerializer.Deserialize<EntityDocument<Tally>>(stored, ReactorJson.Options)!;

        Assert.Equal(3, document.StateVersion);
        Assert.Empty(document.Windows);
        Assert.Empty(document.Deadlines);
        Assert.Empty(document.LastFired);
        Assert.Contains("big-sum@v2", document.MatchingRules);
    }

    [Fact]
    public void Windows_deadlines_and_cooldowns_round_trip_through_the_stored_form()
    {
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var document = new EntityDocument<Tally>();
        document.Windows["w"] = new Windows.WindowData { Watermark = time, Entries = [new(time, 2.5, "k")] };
        document.Deadlines.Add(new DeadlineData { RuleId = "r", Due = time.AddMinutes(5), EventId = "e1", EventType = "t", EventTime = time, Position = new LogPosition("tallies", 0, 9) });
        document.LastFired["r"] = time;

        var copy = JsonSerializer.Deserialize<EntityDocument<Tally>>(JsonSerializer.SerializeToUtf8Bytes(document, ReactorJson.Options), ReactorJson.Options)!;

        Assert.Equal(new Windows.WindowEntry(time, 2.5, "k"), Assert.Single(copy.Windows["w"].Entries));
        Assert.Equal((time.AddMinutes(5), 9L), (Assert.Single(copy.Deadlines).Due, copy.Deadlines[0].Position.Offset));
        Assert.Equal(time, copy.LastFired["r"]);
    }
}
