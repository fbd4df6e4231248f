using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Reactor.Runtime.Actions;

/// <summary>Sends <see cref="WebhookCall"/> actions over HTTP.</summary>
internal sealed class WebhookCallHandler : IActionHandler<WebhookCall>, IDisposable
{
    private readonly HttpClient _http;

    public WebhookCallHandler(IOptions<ReactorOptions> options) =>
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Value.WebhookTimeout };

    public async Task HandleAsync(WebhookCall action, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var request = new HttpRequestMessage(HttpMethod.Post, action.Endpoint)
        {
            Content = new StringContent(action.Body.GetRawText(), new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookCall.IdempotencyKeyHeader, idempotencyKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook {action.Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }

    public void Dispose() => _http.Dispose();
}
