namespace Reactor.Runtime.Shadow;

/// <summary>Says how a live decision and a shadow decision on the same entity, rule and triggering event differ.</summary>
[GenerateSerializer, Alias("reactor.ShadowDiffKind")]
public enum ShadowDiffKind
{
    /// <summary>The rule fired live; the shadow run would not have fired it.</summary>
    OnlyLive = 0,

    /// <summary>The shadow run would have fired the rule; it did not fire live.</summary>
    OnlyShadow = 1,

    /// <summary>Both fired, with different actions or a different error.</summary>
    Changed = 2,
}
