namespace Reactor.Host.Configuration;

/// <summary>What a caller of the HTTP API may do.</summary>
public enum ApiPermission
{
    /// <summary>Read entities, decisions and replays.</summary>
    Read,

    /// <summary>Everything <see cref="Read"/> allows, plus ingest events, send commands and start replays.</summary>
    Write,
}
