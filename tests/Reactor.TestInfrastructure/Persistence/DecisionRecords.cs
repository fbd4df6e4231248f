using Reactor.Abstractions;

namespace Reactor.TestInfrastructure.Persistence;

/// <summary>Builds decision records for tests.</summary>
public static class DecisionRecords
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static DecisionRecord Create(string entityType, string entityId, long offset, DateTimeOffset decidedAt, string ruleId = "hold-account")
    {
        var position = new LogPosition("payments", 3, offset);
        return new DecisionRecord
        {
            Id = DecisionRecord.CreateId(entityType, entityId, ruleId, 2, position),
            EntityType = entityType,
            EntityId = entityId,
            RuleId = ruleId,
            RuleVersion = 2,
            TriggerEventId = $"evt-{offset}",
            TriggerEventType = "com.example.payment.failed",
            TriggerPosition = position,
            StateVersion = offset + 1,
            EventTime = decidedAt.AddMilliseconds(-5),
            DecidedAt = decidedAt,
            Actions =
            [
                new ActionRecord("emit", "account-holds", $"{entityId}/hold/{offset}", "{\"reason\":\"3 failed payments\"}", ActionOutcome.Succeeded),
            ],
            Details = new Dictionary<string, string> { ["failedPayments"] = "3" },
        };
    }
}
