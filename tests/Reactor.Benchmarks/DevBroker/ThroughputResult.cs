using System.Globalization;

namespace Reactor.Benchmarks.DevBroker;

/// <summary>
/// One measured phase: how many messages of which size moved through which broker, how fast, and how much CPU the
/// whole process (client and broker) used meanwhile.
/// </summary>
internal sealed record ThroughputResult(string Broker, int MessageBytes, string Phase, long Messages, TimeSpan Elapsed, TimeSpan ProcessCpu)
{
    public double MessagesPerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>Payload megabytes (10^6 bytes of message values) per second.</summary>
    public double MegabytesPerSecond => Messages * (double)MessageBytes / 1e6 / Elapsed.TotalSeconds;

    public string ToMarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Broker} | {MessageBytes} B | {Phase} | {Messages:N0} | {Elapsed.TotalSeconds:F2} | {MessagesPerSecond:N0} | {MegabytesPerSecond:F1} | {ProcessCpu.TotalSeconds:F2} |");
}
