using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("tests.ITallyGrain")]
public interface ITallyGrain : IEntityGrain;
