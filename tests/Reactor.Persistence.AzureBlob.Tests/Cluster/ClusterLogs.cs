using Microsoft.Extensions.Logging;

namespace Reactor.Persistence.AzureBlob.Tests.Cluster;

/// <summary>Keeps the warnings and errors of one test's silos, to explain a failed assertion.</summary>
internal sealed class ClusterLogs : ILoggerProvider
{
    private readonly List<string> _lines = [];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public string Summary(int max)
    {
        lock (_lines)
        {
            return string.Join('\n', _lines.Distinct().Take(max));
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ClusterLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning || category.StartsWith("Orleans.Runtime.Scheduler", StringComparison.Ordinal))
            {
                return;
            }

            lock (logs._lines)
            {
                logs._lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
