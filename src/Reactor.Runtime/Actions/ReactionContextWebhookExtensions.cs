using System.Text.Json;
using Reactor.Abstractions;

namespace Reactor.Runtime.Actions;

/// <summary>Adds webhook calls to the reaction context.</summary>
public static class ReactionContextWebhookExtensions
{
    /// <summary>
    /// Posts <paramref name="body"/> as JSON to <paramref name="endpoint"/> through the outbox, with the action's key in
    /// the <c>Idempotency-Key</c> header: the call runs at least once, and a receiver that dedupes on the header sees it once.
    /// </summary>
    /// <typeparam name="TBody">The body type.</typeparam>
    /// <param name="context">The reaction context.</param>
    /// <param name="endpoint">The absolute http or https address.</param>
    /// <param name="body">The body.</param>
    /// <returns>A task that completes when the call is in the outbox (or, without an outbox, has run).</returns>
    public static Task CallWebhook<TBody>(this IReactionContext context, Uri endpoint, TBody body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A webhook endpoint must be an absolute http or https address (was '{endpoint}').", nameof(endpoint));
        }

        return context.Act(new WebhookCall(endpoint, JsonSerializer.SerializeToElement(body, ReactorJson.Options)));
    }
}
