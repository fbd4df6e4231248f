using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("tests.IAlertGrain")]
public interface IAlertGrain : IEntityGrain;
