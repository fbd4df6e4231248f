using Reactor.Inference.Agents;
using Reactor.Inference.Hosting;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Samples.Commerce.Customers;

/// <summary>
/// The sample domain's LLM agent: a support follow-up for customers whose payments keep failing, on the chat model
/// <see cref="Model"/> (<c>Reactor:Inference:Models:chat</c>). Without a configured endpoint it answers with its declared
/// fallback, and the decision record says so (<c>fallback=no-endpoint</c>).
/// </summary>
public static class CommerceAgents
{
    /// <summary>The support follow-up agent's registered name.</summary>
    public const string SupportFollowUp = "support-follow-up";

    /// <summary>The chat model the agent uses (the key under <c>Reactor:Inference:Models</c>).</summary>
    public const string Model = "chat";

    /// <summary>The only tool the agent may call: it opens a support ticket (an event on <see cref="CommerceTopics.CustomerActions"/>).</summary>
    public const string OpenSupportTicket = "open-support-ticket";

    /// <summary>The message sent when no model answered.</summary>
    public const string FallbackMessage = "We noticed that several of your payments did not go through. Reply to this message if you would like help.";

    /// <summary>The agent's prompt; change its version whenever its wording changes.</summary>
    public static readonly PromptTemplate Prompt = new(
        SupportFollowUp,
        1,
        "You write short, friendly support messages to shop customers whose recent payments failed. Never accuse the customer of fraud. Open a support ticket only when the failed amount is large.",
        "A customer's payments keep failing:\n{{data}}\nAnswer with JSON {\"message\": string, \"tone\": string}.");

    /// <summary>Registers the support follow-up agent and its tool.</summary>
    /// <param name="inference">The inference builder.</param>
    /// <returns>The builder.</returns>
    public static InferenceBuilder AddCommerceAgents(this InferenceBuilder inference)
    {
        ArgumentNullException.ThrowIfNull(inference);
        return inference
            .AddEmitTool(OpenSupportTicket, "Opens a support ticket for the customer, with a one-line summary of the problem.", CommerceTopics.CustomerActions, CommerceEventTypes.SupportTicketRequested)
            .AddAgent<PaymentTrouble, SupportFollowUp>(SupportFollowUp, agent => agent
                .UseModel(Model)
                .WithPrompt(Prompt)
                .AllowTools(OpenSupportTicket)
                .WithBudget(new AgentBudget(MaxToolCalls: 1, MaxTokens: 4_000, MaxTurns: 3, MaxWallTime: TimeSpan.FromMinutes(1)))
                .Fallback(_ => new SupportFollowUp(FallbackMessage, "neutral"))
                .OnResult((ctx, trouble, followUp) => ctx.EmitAsync(
                    CommerceTopics.CustomerActions,
                    CommerceEventTypes.SupportFollowUpDrafted,
                    new SupportFollowUpDrafted(trouble.CustomerId, followUp.Message, followUp.Tone, ctx.FallbackReason))));
    }
}
