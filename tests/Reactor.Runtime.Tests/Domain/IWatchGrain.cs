using Reactor.Abstractions;

namespace Reactor.Runtime.Tests.Domain;

[Alias("runtime-tests.IWatchGrain")]
public interface IWatchGrain : IEntityGrain;
