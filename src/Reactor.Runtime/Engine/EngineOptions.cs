namespace Reactor.Runtime.Engine;

/// <summary>Settings of the rule engine that hosts and the test kit pass in.</summary>
/// <param name="MaxHandlerAttempts">How many times a throwing handler is tried before its event is dead-lettered.</param>
/// <param name="RecentDecisionLimit">How many recent decisions the entity document keeps.</param>
/// <param name="RuleEnabled">
/// Tells, by rule id, whether a rule is enabled; asked at every evaluation, so a host can switch rules by configuration
/// while running. <see langword="null"/> enables every rule.
/// </param>
/// <param name="CandidateRules">
/// The ids of rules whose candidate version (<see cref="RuleBuilder{TState}.Candidate"/>) runs in place of the live one:
/// shadow evaluations only. <see langword="null"/> runs live versions only, which is what entity grains do.
/// </param>
/// <param name="UseOutbox">
/// Whether reactions' actions go to the entity's outbox, to be run by the host once durable (the entity grain), or run
/// inline while the rule fires (the test kit). Default: inline.
/// </param>
public sealed record EngineOptions(int MaxHandlerAttempts = 3, int RecentDecisionLimit = 50, Func<string, bool>? RuleEnabled = null, bool UseOutbox = false, IReadOnlyCollection<string>? CandidateRules = null);
