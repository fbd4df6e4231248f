using Orleans.Configuration;
using Reactor.Inference.Agents;
using Reactor.Inference.Hosting;

namespace Reactor.Inference.Tests;

public sealed record CartLeft(string SessionId, int Items, decimal Total, string Note);

public sealed record WinBackOffer(string Message, int Discount);

/// <summary>The agent most tests use: a win-back offer for an abandoned cart, with a webhook tool and a refund tool it may not use.</summary>
public static class WinBack
{
    public const string Agent = "win-back";
    public const string Model = "chat";

    public static readonly PromptTemplate Prompt = new(
        "win-back",
        3,
        "You write short win-back offers for shoppers who left their cart. Use send-offer to deliver one.",
        "A shopper left a cart:\n{{data}}\nAnswer with JSON {\"message\": string, \"discount\": int}.");

    public static InferenceBuilder AddWinBack(this InferenceBuilder inference, WebhookReceiver receiver, AgentBudget? budget = null) => inference
        .AddWebhookTool("send-offer", "Sends an offer to the shopper.", receiver.Url("offers"))
        .AddWebhookTool("refund", "Refunds the shopper's last order.", receiver.Url("refunds"))
        .AddAgent<CartLeft, WinBackOffer>(Agent, a => a
            .UseModel(Model)
            .WithPrompt(Prompt)
            .AllowTools("send-offer")
            .WithBudget(budget ?? new AgentBudget())
            .Fallback(cart => new WinBackOffer("Your cart is waiting for you.", 0))
            .OnResult((ctx, cart, offer) => ctx.CallWebhookAsync(receiver.Url("results"), new { cart.SessionId, offer.Message, offer.Discount, fallback = ctx.FallbackReason })));

    public static ChatModelOptions ModelAt(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        Model = "test-model",
        Version = "2026-01",
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(60),
    };
}
