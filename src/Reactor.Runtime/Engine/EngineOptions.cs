namespace Reactor.Runtime.Engine;

/// <summary>Settings of the rule engine that hosts and the test kit pass in.</summary>
/// <param name="MaxHandlerAttempts">How many times a throwing handler is tried before its event is dead-lettered.</param>
/// <param name="RecentDecisionLimit">How many recent decisions the entity document keeps.</param>
public sealed record EngineOptions(int MaxHandlerAttempts = 3, int RecentDecisionLimit = 50);
