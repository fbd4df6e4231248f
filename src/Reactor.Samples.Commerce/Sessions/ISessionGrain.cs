using Reactor.Abstractions;

namespace Reactor.Samples.Commerce.Sessions;

/// <summary>Lets services read a shopping-session entity (state snapshot and decisions).</summary>
[Alias("commerce.ISessionGrain")]
public interface ISessionGrain : IEntityGrain;
