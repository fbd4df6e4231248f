using Reactor.Samples.Commerce.Events;

namespace Reactor.Host.Api.Commands;

/// <summary>The commands of the commerce demo's customers.</summary>
internal static class DemoCommands
{
    public static EntityCommands AddDemoCommands(this EntityCommands commands) => commands
        .Add<SignIn>("customer", "sign-in", CommerceTopics.SignIns, (id, c) => new SignedIn(id, c.DeviceId, c.Country))
        .Add<RecordPayment>("customer", "record-payment", CommerceTopics.Payments, (id, c) =>
            c.FailureReason is null ? new PaymentSucceeded(id, c.Amount) : new PaymentFailed(id, c.Amount, c.FailureReason));
}
