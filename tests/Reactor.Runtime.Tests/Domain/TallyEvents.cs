namespace Reactor.Runtime.Tests.Domain;

public sealed record Added(int Amount);

public sealed record Boom(string Why);

public sealed record Noted(string Text);

public sealed record SumCrossed(string TallyId, int Sum);

public static class TallyTypes
{
    public const string Added = "test.tally.added";
    public const string Boom = "test.tally.boom";
    public const string Noted = "test.tally.noted";
    public const string SumCrossed = "test.tally.sum-crossed";
    public const string Topic = "tallies";
    public const string AlertTopic = "tally-alerts";

    public static Hosting.ReactorBuilder AddTallyTypes(this Hosting.ReactorBuilder reactor) => reactor
        .AddEventType<Added>(Added)
        .AddEventType<Boom>(Boom)
        .AddEventType<Noted>(Noted)
        .AddEventType<SumCrossed>(SumCrossed);
}
