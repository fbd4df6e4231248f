using Reactor.Host.Configuration;

namespace Reactor.Host.Api.Auth;

/// <summary>Names the schemes, policies and claim of the HTTP API's authorization.</summary>
internal static class ApiClaims
{
    /// <summary>The claim holding a caller's permission: <c>read</c> or <c>write</c>.</summary>
    public const string Permission = "reactor:permission";

    /// <summary>The scheme that picks the API key or the bearer scheme for each request.</summary>
    public const string Scheme = "Reactor";

    /// <summary>The API key scheme.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The policy of reading routes.</summary>
    public const string ReadPolicy = "reactor.read";

    /// <summary>The policy of writing routes.</summary>
    public const string WritePolicy = "reactor.write";

    /// <summary>The request header carrying an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The cookie a browser keeps an API key in after opening the dashboard with <c>?key=</c>.</summary>
    public const string ApiKeyCookie = "reactor-api-key";

    public static string ValueOf(ApiPermission permission) => permission == ApiPermission.Write ? "write" : "read";
}
