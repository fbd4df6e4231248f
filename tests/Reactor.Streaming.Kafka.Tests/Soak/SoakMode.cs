namespace Reactor.Streaming.Kafka.Tests.Soak;

/// <summary>How long the soak runs: a short mode for CI, and a long one when <c>REACTOR_SOAK=full</c>.</summary>
internal sealed record SoakMode(string Name, TimeSpan Load, TimeSpan WarmUp, TimeSpan SampleEvery)
{
    public static SoakMode FromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("REACTOR_SOAK"), "full", StringComparison.OrdinalIgnoreCase)
            ? new SoakMode("full", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30))
            : new SoakMode("short", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));
}
