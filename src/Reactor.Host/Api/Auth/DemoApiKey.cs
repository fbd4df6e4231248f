using System.Security.Cryptography;

namespace Reactor.Host.Api.Auth;

/// <summary>
/// A key generated at start for the embedded demo when no API key or token issuer is configured, so the dashboard
/// works out of the box. It is printed to the console once, as a dashboard link, and never logged.
/// </summary>
/// <param name="Key">The key.</param>
internal sealed record DemoApiKey(string Key)
{
    public static DemoApiKey Create() => new(Base64UrlEncode(RandomNumberGenerator.GetBytes(24)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
