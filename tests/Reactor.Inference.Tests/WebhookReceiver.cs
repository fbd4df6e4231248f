using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Reactor.Runtime.Actions;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Tests;

/// <summary>A loopback webhook receiver that records each request's path and <c>Idempotency-Key</c>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string Key)> _calls = new();
    private LoopbackHttpServer? _server;

    public Uri BaseAddress => _server!.BaseAddress;

    public IReadOnlyList<(string Path, string Key)> Calls => [.. _calls];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackHttpServer.StartAsync(context =>
        {
            receiver._calls.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers[WebhookCall.IdempotencyKeyHeader].ToString()));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        return receiver;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public ValueTask DisposeAsync() => _server!.DisposeAsync();
}
