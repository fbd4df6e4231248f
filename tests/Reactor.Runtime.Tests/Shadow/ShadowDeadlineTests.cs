using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Reactor.Abstractions;
using Reactor.Runtime.DecisionLog;
using Reactor.Runtime.Events;
using Reactor.Runtime.Shadow;
using Reactor.TestInfrastructure;

namespace Reactor.Runtime.Tests.Shadow;

/// <summary>Absence deadlines in a shadow evaluation run on each entity's own event time, as they did live.</summary>
public sealed class ShadowDeadlineTests
{
    private const string PaymentType = "test.shadow.deadline.payment";
    private const string RefundType = "test.shadow.deadline.refund";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_deadline_fires_by_its_own_entitys_time_and_the_rest_by_the_end_of_the_range()
    {
        using var data = new TempDirectory("shadow-deadlines");
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddReactor(r => r.AddEventType<Payment>(PaymentType).AddEventType<Refund>(RefundType))
            .AddLocalDiskDecisionLog(o => o.RootDirectory = data.Path)
            .BuildServiceProvider();
        var shadow = new ShadowEvaluation<Ledger>("ledger", Define, services.GetRequiredService<EventTypeRegistry>(), services, new ShadowOptions());

        // e2's payment is read before e1's refund (another partition ran ahead); e1's refund still came in time.
        await shadow.ProcessAsync(Event("e1", 0, 0, PaymentType, new Payment(10), Start));
        await shadow.ProcessAsync(Event("e2", 1, 0, PaymentType, new Payment(10), Start.AddMinutes(20)));
        await shadow.ProcessAsync(Event("e1", 0, 1, RefundType, new Refund(10), Start.AddMinutes(5)));
        var report = await shadow.CompleteAsync(services.GetRequiredService<IDecisionLog>(), until: Start.AddMinutes(31));

        var diff = Assert.Single(report.Diffs);
        Assert.Equal(("e2", new LogPosition("ledger-events", 1, 0), ShadowDiffKind.OnlyShadow), (diff.EntityId, diff.Trigger, diff.Kind));
    }

    private static void Define(EntityDefinition<Ledger> e)
    {
        e.On<Payment>((s, p) => s.Last = p.Amount);
        e.Rule("unrefunded").After<Payment>().Absent<Refund>(TimeSpan.FromMinutes(10)).Then((ctx, _) => ctx.Record("unrefunded", "true"));
    }

    private static EventEnvelope Event(string entityId, int partition, long offset, string type, object data, DateTimeOffset time) => new()
    {
        Id = $"{entityId}-{offset}",
        Source = "shadow-tests",
        Type = type,
        EntityId = entityId,
        Time = time,
        Position = new LogPosition("ledger-events", partition, offset),
        Data = JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), ReactorJson.Options),
        ReceivedAt = time,
    };
}
