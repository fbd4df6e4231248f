using Xunit;

namespace Reactor.DevBroker.Tests.Conformance;

/// <summary>
/// The external-client conformance tests run one at a time: each starts client processes whose group joins and
/// session timeouts would compete for the 2 cores CI has if they ran alongside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConformanceCollection
{
    public const string Name = "DevBroker conformance (external clients)";
}
