namespace Reactor.Host.Api.Auth;

/// <summary>
/// Maps <c>/signin?key=...</c>: a browser exchanges an API key for an HTTP-only, same-site cookie, so the dashboard and
/// the API reference page work without typing the key into every request. The key leaves the address bar at once.
/// </summary>
internal static class SignInEndpoint
{
    public static void MapSignIn(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/signin", (string? key, string? returnUrl, HttpContext context, ApiKeyStore keys) =>
        {
            if (string.IsNullOrEmpty(key) || !keys.TryFind(key, out _, out _))
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Open /signin?key=YOUR_API_KEY with a valid API key.");
            }

            context.Response.Cookies.Append(ApiClaims.ApiKeyCookie, key, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
            var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/";
            return Results.Redirect(target);
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
}
