using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>
/// The demo's LLM agent (rule <c>payment-trouble-follow-up</c>, agent <c>support-follow-up</c>) in a running host: with no
/// model endpoint it takes its declared fallback, marked in the decision; with <c>Reactor:Inference:Models:chat</c>
/// pointing at a loopback OpenAI-compatible server the model's answer lands in the decision, and the outbox backlog
/// metric shows the run while the model is answering.
/// </summary>
public sealed class DemoAgentTests
{
    private const string Rule = "payment-trouble-follow-up";
    private const string ReadKey = "agent-read-key-0123456789";
    private const string WriteKey = "agent-write-key-0123456789";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Demo_without_a_model_endpoint_records_the_support_follow_up_as_its_fallback()
    {
        using var directory = new TempDirectory("host-agent-fallback");
        await using var host = HostProcess.Start(directory.Path, ApiKeys(), [.. HealthTests.PortArgs(), "--customers", "3", "--rate", "200", "--max-events", "1500"]);
        using var reader = await ClientAsync(host, ReadKey);

        JsonElement action = default;
        await Eventually.Until($"a demo customer's {Rule} decision to record its completed agent run", async () =>
        {
            foreach (var customer in new[] { "c-000000", "c-000001", "c-000002" })
            {
                if (FindAgentAction(await DecisionsAsync(reader, customer), "succeeded") is { } found)
                {
                    action = found;
                    return true;
                }
            }

            return host.HasExited;
        }, StartTimeout);

        Assert.False(host.HasExited, host.AllOutput);
        Assert.Equal("support-follow-up", action.GetProperty("target").GetString());
        var details = action.GetProperty("details");
        Assert.Equal("no-endpoint", details.GetProperty("fallback").GetString());
        Assert.Contains("several of your payments", details.GetProperty("result").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_model_endpoint_answers_the_agent_and_the_outbox_backlog_counts_the_run_until_it_completes()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var model = await FakeChatServer.StartAsync(async (_, context) =>
        {
            await answer.Task.WaitAsync(context.RequestAborted);
            await FakeChatServer.Text(context, """{"message":"Sorry about the trouble with your card. We are here to help.","tone":"reassuring"}""");
        });
        using var directory = new TempDirectory("host-agent-endpoint");
        var environment = ApiKeys();
        environment["Reactor__Inference__Models__chat__Endpoint"] = model.Endpoint.ToString();
        environment["Reactor__Inference__Models__chat__Model"] = "test-model";
        environment["Reactor__Inference__Models__chat__Version"] = "2026-01";
        environment["Reactor__Inference__Models__chat__MaxRetries"] = "0";
        environment["Reactor__Inference__Models__chat__Timeout"] = "00:10:00";
        await using var host = HostProcess.Start(directory.Path, environment, [.. HealthTests.PortArgs(), "--demo", "false"]);
        using var reader = await ClientAsync(host, ReadKey);
        using var writer = await ClientAsync(host, WriteKey);
        await Eventually.Until("the host to be ready", async () => (await reader.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode, StartTimeout);
        var customer = "c-agent-" + Guid.NewGuid().ToString("N");

        for (var i = 0; i < 5; i++)
        {
            using var accepted = await writer.PostAsJsonAsync(new Uri($"/api/entities/customer/{customer}/commands/record-payment", UriKind.Relative), new { amount = 250m, failureReason = "card-declined" });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await Eventually.Until("the agent to call the model", () => model.Requests.Count > 0, StartTimeout);
        await Eventually.Until("reactor_outbox_pending to count the agent run", async () => await OutboxPendingAsync(reader) > 0);
        answer.SetResult();

        JsonElement action = default;
        await Eventually.Until($"the {Rule} decision to record the completed agent run", async () =>
            FindAgentAction(await DecisionsAsync(reader, customer), "succeeded") is { } found && (action = found).ValueKind == JsonValueKind.Object);
        var details = action.GetProperty("details");
        Assert.False(details.TryGetProperty("fallback", out var fallback), $"fallback taken: {fallback}");
        Assert.Equal(("test-model", "2026-01"), (details.GetProperty("modelId").GetString(), details.GetProperty("modelVersion").GetString()));
        Assert.Contains("Sorry about the trouble", details.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Contains(customer, model.Requests[0].GetProperty("messages")[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(["open-support-ticket"], model.Requests[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        await Eventually.Until("reactor_outbox_pending to return to 0", async () => await OutboxPendingAsync(reader) == 0);
    }

    private static Dictionary<string, string> ApiKeys() => new()
    {
        ["Reactor__Api__Keys__0__Name"] = "reader",
        ["Reactor__Api__Keys__0__Key"] = ReadKey,
        ["Reactor__Api__Keys__1__Name"] = "writer",
        ["Reactor__Api__Keys__1__Key"] = WriteKey,
        ["Reactor__Api__Keys__1__Permission"] = "Write",
    };

    private static async Task<HttpClient> ClientAsync(HostProcess host, string key)
    {
        var client = await host.WaitForHttpAsync(StartTimeout);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<JsonElement> DecisionsAsync(HttpClient reader, string customer)
    {
        using var response = await reader.GetAsync(new Uri($"/api/entities/customer/{customer}/decisions?since=2000-01-01T00:00:00Z", UriKind.Relative));
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return default;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static JsonElement? FindAgentAction(JsonElement decisions, string outcome) =>
        decisions.ValueKind != JsonValueKind.Array
            ? null
            : decisions.EnumerateArray()
                .Where(d => d.GetProperty("ruleId").GetString() == Rule)
                .SelectMany(d => d.GetProperty("actions").EnumerateArray())
                .Where(a => a.GetProperty("kind").GetString() == "agent" && string.Equals(a.GetProperty("outcome").GetString(), outcome, StringComparison.OrdinalIgnoreCase))
                .Select(a => (JsonElement?)a)
                .FirstOrDefault();

    /// <summary>Scrapes <c>/metrics</c> and sums the <c>reactor_outbox_pending</c> series (-1 when it is not exported yet).</summary>
    private static async Task<long> OutboxPendingAsync(HttpClient reader)
    {
        var text = await reader.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var series = text.Split('\n').Where(l => l.StartsWith("reactor_outbox_pending", StringComparison.Ordinal)).ToList();
        return series.Count == 0 ? -1 : series.Sum(Value);
    }

    /// <summary>Reads the value of a Prometheus sample line (<c>name{labels} value [timestamp]</c>).</summary>
    private static long Value(string sample)
    {
        var afterName = sample.Contains('}', StringComparison.Ordinal) ? sample[(sample.LastIndexOf('}') + 1)..] : sample[sample.IndexOf(' ', StringComparison.Ordinal)..];
        return (long)double.Parse(afterName.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
