using Reactor.Abstractions;
using Reactor.Runtime;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Samples.Commerce.Tests.Customers;

public sealed class ActionInbox
{
    public List<AccountHoldRequested> Holds { get; set; } = [];

    public List<DeviceVerificationRequested> Verifications { get; set; } = [];
}

[Alias("commerce-tests.IActionInboxGrain")]
public interface IActionInboxGrain : IEntityGrain;

/// <summary>Receives what customer rules emit, so tests see the emitted events arrive.</summary>
[ReactsTo(CommerceTopics.CustomerActions)]
public sealed class ActionInboxGrain : EntityGrain<ActionInbox>, IActionInboxGrain
{
    protected override void Define(EntityDefinition<ActionInbox> entity)
    {
        entity.On<AccountHoldRequested>((s, ev) => s.Holds.Add(ev));
        entity.On<DeviceVerificationRequested>((s, ev) => s.Verifications.Add(ev));
    }
}
