namespace Reactor.Host.Api;

/// <summary>The topics the HTTP API may write events to: those the host reads.</summary>
/// <param name="Names">The topic names.</param>
internal sealed record IngestTopics(IReadOnlyList<string> Names);
