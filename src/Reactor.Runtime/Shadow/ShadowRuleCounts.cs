namespace Reactor.Runtime.Shadow;

/// <summary>Counts one rule's decisions in the compared range, live and shadow, matched by entity and triggering event.</summary>
[GenerateSerializer, Alias("reactor.ShadowRuleCounts")]
public sealed record ShadowRuleCounts
{
    /// <summary>Gets the rule id.</summary>
    [Id(0)] public required string RuleId { get; init; }

    /// <summary>Gets the rule version the shadow run ran (the candidate's, when it replaced the live one), or <see langword="null"/> when it did not run the rule.</summary>
    [Id(1)] public int? ShadowVersion { get; init; }

    /// <summary>Gets the decisions made live.</summary>
    [Id(2)] public long Made { get; set; }

    /// <summary>Gets the decisions the shadow run would have made.</summary>
    [Id(3)] public long WouldHave { get; set; }

    /// <summary>Gets the triggering events on which both fired (whether or not they acted alike).</summary>
    [Id(4)] public long Both { get; set; }

    /// <summary>Gets the triggering events on which only the live rule fired.</summary>
    [Id(5)] public long OnlyLive { get; set; }

    /// <summary>Gets the triggering events on which only the shadow rule would have fired.</summary>
    [Id(6)] public long OnlyShadow { get; set; }

    /// <summary>Gets the triggering events on which both fired but with different actions or errors (counted in <see cref="Both"/> too).</summary>
    [Id(7)] public long Changed { get; set; }
}
