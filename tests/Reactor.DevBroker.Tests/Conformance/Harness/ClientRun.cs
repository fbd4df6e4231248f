using System.Text.Json;
using Xunit;

namespace Reactor.DevBroker.Tests.Conformance.Harness;

/// <summary>Runs a client script that prints one JSON document, and fails the test with the client's output if it does not succeed.</summary>
internal static class ClientRun
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<(JsonElement Json, ProcessResult Result)> JsonAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await ExternalProcess.RunAsync(fileName, arguments, timeout ?? DefaultTimeout, environment: environment);
        Assert.True(!result.TimedOut && result.ExitCode == 0, $"The client failed.\n{result.Describe()}");
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
        {
            Assert.Fail($"The client printed no JSON result.\n{result.Describe()}");
        }
        try
        {
            using var doc = JsonDocument.Parse(line);
            return (doc.RootElement.Clone(), result);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"The client's result is not JSON ({ex.Message}).\n{result.Describe()}");
            throw;
        }
    }

    /// <summary>Reads a "records" array of {p, o, k, v} objects.</summary>
    public static List<ConsumedRecord> Records(JsonElement json, string property = "records") =>
        json.GetProperty(property).EnumerateArray()
            .Select(r => new ConsumedRecord(
                r.GetProperty("p").GetInt32(),
                r.GetProperty("o").GetInt64(),
                r.GetProperty("k").GetString(),
                r.GetProperty("v").GetString()))
            .ToList();
}
