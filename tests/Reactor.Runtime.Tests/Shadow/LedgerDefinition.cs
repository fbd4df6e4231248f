using Reactor.Runtime.Actions;

namespace Reactor.Runtime.Tests.Shadow;

/// <summary>
/// A ledger whose "big" rule fires live at 50 or more; its candidate fires from 30 up to 94 and calls 80 or more "high".
/// "huge" (95 or more) has no candidate. Both reactions emit and call a webhook.
/// </summary>
internal static class LedgerDefinition
{
    public const string EntityType = "ledger";
    public const string PaymentType = "test.shadow.payment";
    public const string BigPaymentType = "test.shadow.big-payment";
    public const string AlertsTopic = "shadow-alerts";

    public static Action<EntityDefinition<Ledger>> For(Uri webhook) => e =>
    {
        e.On<Payment>((s, p) =>
        {
            s.Last = p.Amount;
            s.Payments++;
        });

        e.Rule("big", version: 1)
            .When(s => s.Last >= 50)
            .Then((ctx, s) => ActAsync(ctx, webhook, new BigPayment(s.Last, "normal")));

        e.Rule("big", version: 2).Candidate()
            .When(s => s.Last is >= 30 and < 95)
            .Then((ctx, s) => ActAsync(ctx, webhook, new BigPayment(s.Last, s.Last >= 80 ? "high" : "normal")));

        e.Rule("huge")
            .When(s => s.Last >= 95)
            .Then((ctx, s) => ActAsync(ctx, webhook, new BigPayment(s.Last, "huge")));
    };

    private static async Task ActAsync(IReactionContext ctx, Uri webhook, BigPayment alert)
    {
        await ctx.Emit(AlertsTopic, alert);
        await ctx.CallWebhook(webhook, alert);
    }
}
