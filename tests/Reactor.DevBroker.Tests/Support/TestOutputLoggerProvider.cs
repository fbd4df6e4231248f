using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Reactor.DevBroker.Tests.Support;

/// <summary>Sends broker logs to the xunit test output.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output);

    public void Dispose()
    {
    }
}
