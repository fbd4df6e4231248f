using Reactor.Abstractions;

namespace Reactor.Runtime.Shadow;

/// <summary>
/// Matches live and shadow decisions by entity, rule id and triggering position, counts them per rule, and keeps the first
/// differences. Two matched decisions differ when their actions (kind, target, payload) or errors differ; their outcomes do
/// not count, since shadow actions are always suppressed.
/// </summary>
internal sealed class ShadowComparison
{
    private readonly Dictionary<string, ShadowRuleCounts> _rules = new(StringComparer.Ordinal);
    private readonly List<ShadowDiff> _diffs = [];
    private readonly int _maxDiffs;
    private long _omitted;
    private long _compared;

    public ShadowComparison(IEnumerable<(string Id, int Version)> shadowRules, int maxDiffs)
    {
        _maxDiffs = maxDiffs;
        foreach (var (id, version) in shadowRules)
        {
            _rules[id] = new ShadowRuleCounts { RuleId = id, ShadowVersion = version };
        }
    }

    /// <summary>Compares one entity's decisions in the compared range.</summary>
    public void Add(string entityId, IReadOnlyList<DecisionRecord> live, IReadOnlyList<DecisionRecord> shadow)
    {
        var liveByKey = ByKey(live);
        var shadowByKey = ByKey(shadow);
        _compared += liveByKey.Count + shadowByKey.Count;
        foreach (var key in liveByKey.Keys.Union(shadowByKey.Keys).OrderBy(k => k.Trigger.Topic, StringComparer.Ordinal).ThenBy(k => k.Trigger.Partition).ThenBy(k => k.Trigger.Offset).ThenBy(k => k.RuleId, StringComparer.Ordinal))
        {
            var counts = CountsOf(key.RuleId);
            liveByKey.TryGetValue(key, out var made);
            shadowByKey.TryGetValue(key, out var would);
            counts.Made += made is null ? 0 : 1;
            counts.WouldHave += would is null ? 0 : 1;
            if (made is not null && would is not null)
            {
                counts.Both++;
                var (liveSummary, shadowSummary) = (ShadowDecisionSummary.Of(made), ShadowDecisionSummary.Of(would));
                if (!liveSummary.ActsLike(shadowSummary))
                {
                    counts.Changed++;
                    Diff(new ShadowDiff(entityId, key.RuleId, key.Trigger, made.EventTime, ShadowDiffKind.Changed, liveSummary, shadowSummary));
                }
            }
            else if (made is not null)
            {
                counts.OnlyLive++;
                Diff(new ShadowDiff(entityId, key.RuleId, key.Trigger, made.EventTime, ShadowDiffKind.OnlyLive, ShadowDecisionSummary.Of(made), null));
            }
            else
            {
                counts.OnlyShadow++;
                Diff(new ShadowDiff(entityId, key.RuleId, key.Trigger, would!.EventTime, ShadowDiffKind.OnlyShadow, null, ShadowDecisionSummary.Of(would)));
            }
        }
    }

    public ShadowReport ToReport(string entityType, long entities, long applied, long skipped) => new()
    {
        EntityType = entityType,
        Entities = entities,
        EventsApplied = applied,
        EventsSkipped = skipped,
        Rules = [.. _rules.Values.OrderBy(r => r.RuleId, StringComparer.Ordinal)],
        Diffs = _diffs,
        DiffsOmitted = _omitted,
        DecisionsCompared = _compared,
    };

    // A log may hold a decision twice (a replayed live run decides again with the same id): the first one counts.
    private static Dictionary<(string RuleId, LogPosition Trigger), DecisionRecord> ByKey(IReadOnlyList<DecisionRecord> decisions)
    {
        var byKey = new Dictionary<(string RuleId, LogPosition Trigger), DecisionRecord>();
        foreach (var decision in decisions)
        {
            byKey.TryAdd((decision.RuleId, decision.TriggerPosition), decision);
        }

        return byKey;
    }

    private ShadowRuleCounts CountsOf(string ruleId)
    {
        if (!_rules.TryGetValue(ruleId, out var counts))
        {
            _rules[ruleId] = counts = new ShadowRuleCounts { RuleId = ruleId };
        }

        return counts;
    }

    private void Diff(ShadowDiff diff)
    {
        if (_diffs.Count < _maxDiffs)
        {
            _diffs.Add(diff);
        }
        else
        {
            _omitted++;
        }
    }
}
