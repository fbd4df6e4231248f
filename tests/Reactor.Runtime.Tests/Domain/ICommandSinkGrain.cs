using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("tests.ICommandSinkGrain")]
public interface ICommandSinkGrain : IGrainCommandTarget<Ping>;
