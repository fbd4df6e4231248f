using System.Text;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>What an external client process did: its exit code and everything it printed.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Stdout, string Stderr)
{
    /// <summary>A description fit for an assertion message: the command, how it ended, and its output.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(CommandLine);
        text.Append(TimedOut ? "TIMED OUT (killed)" : $"exit code {ExitCode}").Append(" after ").Append(Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
        text.AppendLine("--- stdout ---").AppendLine(Tail(Stdout));
        text.AppendLine("--- stderr ---").AppendLine(Tail(Stderr));
        return text.ToString();
    }

    private static string Tail(string s) => s.Length <= 8000 ? s : "[...]" + s[^8000..];
}
