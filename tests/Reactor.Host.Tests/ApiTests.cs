using System.Net;
using System.Text;
using System.Text.Json;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>The HTTP API against a running host: every route, its auth failures and its problem details.</summary>
public sealed class ApiTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    private const string SignedInType = "com.reactor.samples.commerce.signed-in";

    [Fact]
    public async Task Command_then_state_and_decisions_show_what_the_entity_applied_and_decided()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        var customer = NewId("c");

        var first = await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"phone","country":"NL"}""");
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal("signins", first.Body.GetProperty("topic").GetString());
        Assert.Equal(customer, first.Body.GetProperty("entityId").GetString());
        var second = await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"laptop","country":"DE"}""");
        Assert.Equal(HttpStatusCode.Accepted, second.Status);

        var state = await WaitForStateVersionAsync(reader, customer, 2);
        Assert.Equal("DE", state.GetProperty("state").GetProperty("lastCountry").GetString());
        Assert.Equal(2, state.GetProperty("state").GetProperty("knownDevices").GetArrayLength());

        var decisions = await GetAsync(reader, $"/api/entities/customer/{customer}/decisions?since=2000-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, decisions.Status);
        var decision = Assert.Single(decisions.Body.EnumerateArray());
        Assert.Equal("new-device-sign-in", decision.GetProperty("ruleId").GetString());
        Assert.Equal(1, decision.GetProperty("ruleVersion").GetInt32());
        Assert.Equal("signins", decision.GetProperty("triggerPosition").GetProperty("topic").GetString());
        Assert.Equal(second.Body.GetProperty("offset").GetInt64(), decision.GetProperty("triggerPosition").GetProperty("offset").GetInt64());
        Assert.Equal("emit", Assert.Single(decision.GetProperty("actions").EnumerateArray()).GetProperty("kind").GetString());

        var later = await GetAsync(reader, $"/api/entities/customer/{customer}/decisions?since=2999-01-01T00:00:00Z");
        Assert.Empty(later.Body.EnumerateArray());
    }

    [Fact]
    public async Task Ingested_event_is_produced_to_kafka_and_applied_by_its_entity()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        var customer = NewId("c");

        var accepted = await PostAsync(writer, "/api/topics/signins/events", SignedIn(customer, "e1", "tablet"), "application/cloudevents+json");

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var written = Assert.Single(accepted.Body.GetProperty("events").EnumerateArray());
        Assert.Equal(customer, written.GetProperty("entityId").GetString());
        var state = await WaitForStateVersionAsync(reader, customer, 1);
        Assert.Equal("tablet", state.GetProperty("state").GetProperty("knownDevices")[0].GetString());
    }

    [Fact]
    public async Task Batch_is_written_all_or_nothing()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        var customer = NewId("c");
        var rejectedCustomer = NewId("c");

        var invalid = await PostAsync(writer, "/api/topics/signins/events/batch", $"[{SignedIn(rejectedCustomer, "b1", "a")},{{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/t\",\"type\":\"com.example.unknown\",\"subject\":\"{rejectedCustomer}\"}}]", "application/cloudevents-batch+json");
        AssertProblem(invalid, HttpStatusCode.BadRequest, "[1]");
        Assert.Contains("No event was written", invalid.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var valid = await PostAsync(writer, "/api/topics/signins/events/batch", $"[{SignedIn(customer, "b2", "a")},{SignedIn(customer, "b3", "b")}]", "application/cloudevents-batch+json");
        Assert.Equal(HttpStatusCode.Accepted, valid.Status);
        Assert.Equal(2, valid.Body.GetProperty("events").GetArrayLength());
        await WaitForStateVersionAsync(reader, customer, 2);

        AssertProblem(await GetAsync(reader, $"/api/entities/customer/{rejectedCustomer}"), HttpStatusCode.NotFound, rejectedCustomer);
    }

    [Fact]
    public async Task Replay_of_one_entity_starts_and_its_progress_can_be_followed_to_completion()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        var customer = NewId("c");
        await PostAsync(writer, $"/api/entities/customer/{customer}/commands/record-payment", """{"amount":12.5}""");
        await WaitForStateVersionAsync(reader, customer, 1);

        var started = await PostAsync(writer, "/api/replays", $$"""{"target":"earliest","topics":["signins","payments","carts"],"entityId":"{{customer}}"}""");

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        var id = started.Body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/replays/{id}", started.Location?.ToString());
        JsonElement status = default;
        await Eventually.Until($"replay {id} to complete", async () =>
        {
            (var code, status, _) = await GetAsync(reader, $"/api/replays/{id}");
            return code == HttpStatusCode.OK && status.GetProperty("isComplete").GetBoolean();
        }, TimeSpan.FromMinutes(3));
        Assert.Equal(customer, status.GetProperty("entityId").GetString());
        Assert.Equal(1.0, status.GetProperty("progress").GetDouble());

        var list = await GetAsync(reader, "/api/replays");
        Assert.Contains(list.Body.EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        AssertProblem(await GetAsync(reader, "/api/replays/999999"), HttpStatusCode.NotFound, "999999");
        AssertProblem(await PostAsync(writer, "/api/replays", """{"target":"last-tuesday"}"""), HttpStatusCode.BadRequest, "last-tuesday");
        AssertProblem(await PostAsync(writer, "/api/replays", """{"target":"earliest","topics":["nope"]}"""), HttpStatusCode.BadRequest, "nope");
    }

    [Fact]
    public async Task Shadow_evaluation_of_the_candidate_hold_rule_starts_and_its_progress_and_report_can_be_followed()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        var customer = NewId("c");
        var compareFrom = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var offsets = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var accepted = await PostAsync(writer, $"/api/entities/customer/{customer}/commands/record-payment", """{"amount":250,"failureReason":"declined"}""");
            offsets.Add(accepted.Body.GetProperty("offset").GetInt64());
        }

        await WaitForStateVersionAsync(reader, customer, 3);

        // Live, version 2 held at the third failed payment; the candidate (version 3) would have held at the second. The
        // live decision reaches the decision log with the entity's next write, so evaluate until it is there.
        JsonElement report = default;
        long id = 0;
        await Eventually.Until($"a shadow evaluation to compare customer {customer}'s durable live decision", async () =>
        {
            var started = await PostAsync(writer, "/api/shadow-evaluations", $$"""{"entityType":"customer","candidateRules":["payment-fraud-hold"],"compareFrom":"{{compareFrom}}","maxDiffEntries":10000}""");
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            id = started.Body.GetProperty("id").GetInt64();
            Assert.Equal($"/api/shadow-evaluations/{id}", started.Location?.ToString());
            JsonElement status = default;
            await Eventually.Until($"shadow evaluation {id} to complete", async () =>
            {
                (var code, status, _) = await GetAsync(reader, $"/api/shadow-evaluations/{id}");
                return code == HttpStatusCode.OK && status.GetProperty("state").GetString() is "completed" or "failed";
            }, TimeSpan.FromMinutes(2));
            Assert.True(status.GetProperty("state").GetString() == "completed", status.ToString());
            Assert.Equal(status.GetProperty("recordsTotal").GetInt64(), status.GetProperty("recordsRead").GetInt64());
            report = status.GetProperty("report");
            var mine = report.GetProperty("diffs").EnumerateArray().Where(d => d.GetProperty("entityId").GetString() == customer)
                .Select(d => (d.GetProperty("trigger").GetProperty("offset").GetInt64(), d.GetProperty("kind").GetString())).ToList();
            return mine.SequenceEqual([(offsets[1], "onlyShadow"), (offsets[2], "onlyLive")]);
        }, TimeSpan.FromMinutes(3));

        var hold = report.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "payment-fraud-hold");
        Assert.Equal(3, hold.GetProperty("shadowVersion").GetInt32());
        Assert.True(hold.GetProperty("onlyShadow").GetInt64() >= 1 && hold.GetProperty("onlyLive").GetInt64() >= 1, hold.ToString());
        var list = await GetAsync(reader, "/api/shadow-evaluations");
        Assert.Contains(list.Body.EnumerateArray(), e => e.GetProperty("id").GetInt64() == id);
        AssertProblem(await GetAsync(reader, "/api/shadow-evaluations/999999"), HttpStatusCode.NotFound, "999999");
    }

    [Theory]
    [InlineData("""{"entityType":"spaceship"}""", "spaceship")]
    [InlineData("""{"entityType":"customer","candidateRules":["new-device-sign-in"]}""", "new-device-sign-in")]
    [InlineData("""{"entityType":"customer","modelOverrides":{"fraud":"no-such-model"}}""", "no-such-model")]
    [InlineData("""{"entityType":"customer","from":"last-tuesday"}""", "last-tuesday")]
    [InlineData("""{"entityType":"customer","compareFrom":"2026-11-22T10:00:00Z","to":"2026-11-22T09:00:00Z"}""", "compareFrom")]
    [InlineData("""{"entityType":"customer","topics":["nope"]}""", "nope")]
    [InlineData("""{}""", "entityType")]
    public async Task Shadow_evaluation_requests_naming_what_the_host_does_not_have_are_problem_details(string body, string detail)
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);

        AssertProblem(await PostAsync(writer, "/api/shadow-evaluations", body), HttpStatusCode.BadRequest, detail);
    }

    [Fact]
    public async Task Unknown_entity_and_unknown_entity_type_are_404_problem_details()
    {
        using var reader = fixture.Client(ApiHostFixture.ReadKey);

        AssertProblem(await GetAsync(reader, "/api/entities/customer/never-seen"), HttpStatusCode.NotFound, "never-seen");
        AssertProblem(await GetAsync(reader, "/api/entities/customer/never-seen/decisions"), HttpStatusCode.NotFound, "never-seen");
        AssertProblem(await GetAsync(reader, "/api/entities/spaceship/s-1"), HttpStatusCode.NotFound, "spaceship");
        AssertProblem(await GetAsync(reader, "/api/entities/customer/x/decisions?since=yesterday"), HttpStatusCode.BadRequest, "since");
    }

    [Theory]
    [InlineData(null, "GET", "/api/entities/customer/c-1", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key-0123456789abcdef", "GET", "/api/entities/customer/c-1", HttpStatusCode.Unauthorized)]
    [InlineData(null, "POST", "/api/topics/signins/events", HttpStatusCode.Unauthorized)]
    [InlineData(ApiHostFixture.ReadKey, "POST", "/api/topics/signins/events", HttpStatusCode.Forbidden)]
    [InlineData(ApiHostFixture.ReadKey, "POST", "/api/topics/signins/events/batch", HttpStatusCode.Forbidden)]
    [InlineData(ApiHostFixture.ReadKey, "POST", "/api/entities/customer/c-1/commands/sign-in", HttpStatusCode.Forbidden)]
    [InlineData(ApiHostFixture.ReadKey, "POST", "/api/replays", HttpStatusCode.Forbidden)]
    [InlineData(null, "GET", "/api/replays", HttpStatusCode.Unauthorized)]
    [InlineData(null, "POST", "/api/shadow-evaluations", HttpStatusCode.Unauthorized)]
    [InlineData(ApiHostFixture.ReadKey, "POST", "/api/shadow-evaluations", HttpStatusCode.Forbidden)]
    [InlineData(null, "GET", "/api/shadow-evaluations/1", HttpStatusCode.Unauthorized)]
    [InlineData(null, "GET", "/openapi/v1.json", HttpStatusCode.Unauthorized)]
    [InlineData(null, "GET", "/api/reference/", HttpStatusCode.Unauthorized)]
    public async Task Routes_refuse_missing_wrong_and_read_only_credentials_with_problem_details(string? key, string method, string path, HttpStatusCode expected)
    {
        using var client = fixture.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bearer_tokens_carry_read_or_write_permission_and_a_bad_signature_is_refused()
    {
        var customer = NewId("c");
        using var writer = fixture.BearerClient("reactor.write");
        using var reader = fixture.BearerClient("reactor.read");
        using var forged = fixture.BearerClient("reactor.write", signingKey: "another-signing-key-0123456789abcdef-0123");
        using var noScope = fixture.BearerClient("profile");

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"d","country":"FR"}""")).Status);
        await WaitForStateVersionAsync(reader, customer, 1);
        AssertProblem(await PostAsync(reader, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"d","country":"FR"}"""), HttpStatusCode.Forbidden, null);
        AssertProblem(await GetAsync(forged, $"/api/entities/customer/{customer}"), HttpStatusCode.Unauthorized, null);
        AssertProblem(await GetAsync(noScope, $"/api/entities/customer/{customer}"), HttpStatusCode.Forbidden, null);
    }

    [Fact]
    public async Task Oversized_malformed_and_mistyped_bodies_are_refused_with_problem_details()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        var customer = NewId("c");
        var huge = SignedIn(customer, "big", new string('x', ApiHostFixture.MaxEventBytes));

        AssertProblem(await PostAsync(writer, "/api/topics/signins/events", huge, "application/cloudevents+json"), HttpStatusCode.RequestEntityTooLarge, "bytes");
        AssertProblem(await PostAsync(writer, "/api/topics/signins/events", "{\"specversion\":", "application/cloudevents+json"), HttpStatusCode.BadRequest, "CloudEvents");
        AssertProblem(await PostAsync(writer, "/api/topics/signins/events", """{"specversion":"1.0","id":"1","source":"/t","type":"com.reactor.samples.commerce.signed-in"}""", "application/cloudevents+json"), HttpStatusCode.BadRequest, "subject");
        AssertProblem(await PostAsync(writer, "/api/topics/signins/events", SignedIn(customer, "t", "d"), "text/plain"), HttpStatusCode.UnsupportedMediaType, null);
        AssertProblem(await PostAsync(writer, "/api/topics/nowhere/events", SignedIn(customer, "t", "d"), "application/cloudevents+json"), HttpStatusCode.NotFound, "nowhere");
        AssertProblem(await PostAsync(writer, "/api/topics/signins/events/batch", "{}", "application/cloudevents-batch+json"), HttpStatusCode.BadRequest, "array");
        AssertProblem(await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"d"}"""), HttpStatusCode.BadRequest, "country");
        AssertProblem(await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"d","country":"NL","extra":1}"""), HttpStatusCode.BadRequest, "extra");
        AssertProblem(await PostAsync(writer, $"/api/entities/customer/{customer}/commands/teleport", "{}"), HttpStatusCode.NotFound, "teleport");
        AssertProblem(await PostAsync(writer, "/api/replays", "{not json"), HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_describe_every_route()
    {
        using var reader = fixture.Client(ApiHostFixture.ReadKey);

        var document = await GetAsync(reader, "/openapi/v1.json");
        var paths = document.Body.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/entities/{entityType}/{entityId}", "/api/entities/{entityType}/{entityId}/decisions", "/api/topics/{topic}/events", "/api/topics/{topic}/events/batch", "/api/entities/{entityType}/{entityId}/commands/{command}", "/api/replays", "/api/replays/{id}", "/api/shadow-evaluations", "/api/shadow-evaluations/{id}" })
        {
            Assert.Contains(expected, paths);
        }

        var page = await reader.GetStringAsync(new Uri("/api/reference/", UriKind.Relative));
        Assert.Contains("Reactor HTTP API", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signin_exchanges_a_key_for_a_cookie_that_authenticates_the_browser()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = fixture.BaseAddress };

        using var refused = await browser.GetAsync(new Uri("/signin?key=not-a-key", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var signedIn = await browser.GetAsync(new Uri($"/signin?key={ApiHostFixture.ReadKey}&returnUrl=/api/replays", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/api/replays", signedIn.Headers.Location?.ToString());
        Assert.Contains("httponly", string.Join(";", signedIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        using var replays = await browser.GetAsync(new Uri("/api/replays", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, replays.StatusCode);
    }

    [Fact]
    public async Task Health_routes_stay_open_when_credentials_are_configured()
    {
        using var anonymous = fixture.Client(null);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(anonymous, "/health/live")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(anonymous, "/health/ready")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(anonymous, "/health/startup")).Status);
    }

    [Fact]
    public async Task Http_ingest_continues_the_callers_trace_into_the_kafka_record()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        var customer = NewId("c");
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var content = new StringContent(SignedIn(customer, "t1", "watch"), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cloudevents+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/topics/signins/events") { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");

        using var response = await writer.SendAsync(request);
        var (status, body, _) = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var written = body.GetProperty("events")[0];
        using var consumer = new Confluent.Kafka.ConsumerBuilder<string, byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = fixture.BootstrapServers, GroupId = "trace-reader-" + Guid.NewGuid() }).Build();
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset("signins", written.GetProperty("partition").GetInt32(), written.GetProperty("offset").GetInt64()));
        var record = consumer.Consume(TimeSpan.FromMinutes(1));
        Assert.NotNull(record);
        var traceParent = Encoding.ASCII.GetString(record.Message.Headers.GetLastBytes("traceparent"));
        Assert.StartsWith($"00-{traceId}-", traceParent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_endpoint_serves_reactor_and_orleans_meters_to_a_scraper_with_credentials()
    {
        using var writer = fixture.Client(ApiHostFixture.WriteKey);
        using var reader = fixture.Client(ApiHostFixture.ReadKey);
        using var anonymous = fixture.Client(null);
        var customer = NewId("c");
        await PostAsync(writer, $"/api/entities/customer/{customer}/commands/sign-in", """{"deviceId":"d","country":"NL"}""");
        await WaitForStateVersionAsync(reader, customer, 1);

        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var text = "";
        await Eventually.Until("the scrape to show Reactor's applied events", async () =>
        {
            text = await reader.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            return text.Contains("reactor_events_applied", StringComparison.Ordinal);
        });
        Assert.Contains("reactor_event_freshness", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string SignedIn(string customer, string id, string device) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = id + "-" + customer,
            ["source"] = "/tests",
            ["type"] = SignedInType,
            ["subject"] = customer,
            ["time"] = DateTimeOffset.UtcNow,
            ["data"] = new { customerId = customer, deviceId = device, country = "NL" },
        });

    private static async Task<JsonElement> WaitForStateVersionAsync(HttpClient reader, string customer, long version)
    {
        JsonElement state = default;
        await Eventually.Until($"customer {customer} to reach state version {version}", async () =>
        {
            (var status, state, _) = await GetAsync(reader, $"/api/entities/customer/{customer}");
            return status == HttpStatusCode.OK && state.GetProperty("stateVersion").GetInt64() >= version;
        }, TimeSpan.FromMinutes(2));
        return state;
    }

    private static void AssertProblem((HttpStatusCode Status, JsonElement Body, Uri? Location) response, HttpStatusCode expected, string? detailContains)
    {
        Assert.Equal(expected, response.Status);
        Assert.Equal((int)expected, response.Body.GetProperty("status").GetInt32());
        Assert.True(response.Body.TryGetProperty("title", out _), response.Body.ToString());
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, response.Body.GetProperty("detail").GetString() ?? "", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, Uri? Location)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, Uri? Location)> PostAsync(HttpClient client, string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, Uri? Location)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(string.IsNullOrEmpty(text) ? "null" : text);
        return (response.StatusCode, json.RootElement.Clone(), response.Headers.Location);
    }
}
