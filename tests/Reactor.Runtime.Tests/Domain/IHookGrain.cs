using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("tests.IHookGrain")]
public interface IHookGrain : IEntityGrain;
