namespace Reactor.DevBroker.Protocol;

/// <summary>Describes the versions of one API this broker implements.</summary>
/// <param name="Key">The API key.</param>
/// <param name="MinVersion">The lowest version served.</param>
/// <param name="MaxVersion">The highest version served.</param>
internal readonly record struct ApiVersionRange(ApiKey Key, short MinVersion, short MaxVersion)
{
    /// <summary>Tells whether <paramref name="version"/> is served.</summary>
    public bool Supports(short version) => version >= MinVersion && version <= MaxVersion;
}
