using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Reactor.TestInfrastructure;

/// <summary>Keeps what a host logs at or above a level (category, level, message, exception), for asserting on it or explaining a failure.</summary>
/// <param name="minimum">The lowest level kept; warnings unless a test wants more to explain a failure.</param>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    /// <summary>Gets what was logged so far, oldest first.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimum, _entries);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimum, ConcurrentQueue<CapturedLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new CapturedLogEntry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One captured log entry.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
