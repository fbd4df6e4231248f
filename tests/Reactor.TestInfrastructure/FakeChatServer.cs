using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Reactor.TestInfrastructure;

/// <summary>
/// A loopback OpenAI-compatible chat completions server (real Kestrel on 127.0.0.1, ephemeral port). Each request is
/// answered by the test's script, given the 1-based request number; every request body is kept.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentQueue<JsonElement> _requests;

    private FakeChatServer(LoopbackHttpServer server, ConcurrentQueue<JsonElement> requests)
    {
        _server = server;
        _requests = requests;
    }

    /// <summary>Gets the <c>/v1</c> address to configure as the model's endpoint.</summary>
    public Uri Endpoint => new(_server.BaseAddress, "v1");

    /// <summary>Gets the request bodies received, in order.</summary>
    public IReadOnlyList<JsonElement> Requests => [.. _requests];

    public static async Task<FakeChatServer> StartAsync(Func<int, HttpContext, Task> answer)
    {
        var requests = new ConcurrentQueue<JsonElement>();
        var count = 0;
        var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            requests.Enqueue(body.RootElement.Clone());
            await answer(Interlocked.Increment(ref count), context);
        });
        return new FakeChatServer(server, requests);
    }

    /// <summary>Answers with tool calls.</summary>
    public static Task ToolCalls(HttpContext context, params (string Name, string Arguments)[] calls) =>
        Write(context, new
        {
            role = "assistant",
            content = (string?)null,
            tool_calls = calls.Select((c, i) => new { id = $"call_{i}", type = "function", function = new { name = c.Name, arguments = c.Arguments } }).ToArray(),
        }, "tool_calls");

    /// <summary>Answers with text.</summary>
    public static Task Text(HttpContext context, string content) => Write(context, new { role = "assistant", content }, "stop");

    /// <summary>Holds the request until the client gives up.</summary>
    public static async Task Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client timed out or the server is stopping.
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static Task Write(HttpContext context, object message, string finishReason)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_767_225_600,
            model = "test-model",
            choices = new[] { new { index = 0, message, finish_reason = finishReason } },
            usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
        }));
    }
}
