using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("tests.ICommanderGrain")]
public interface ICommanderGrain : IEntityGrain;
