using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Reactor.Host.Api.Auth;

/// <summary>Authenticates a request by the API key in its <c>X-Api-Key</c> header (or the dashboard's cookie).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiClaims.ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            presented = Request.Cookies[ApiClaims.ApiKeyCookie] ?? "";
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!keys.TryFind(presented, out var name, out var permission))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ApiClaims.Permission, ApiClaims.ValueOf(permission))], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiClaims.ApiKeyHeader}\"";
        var detail = result.Failure?.Message
            ?? $"This route needs credentials: an API key in the {ApiClaims.ApiKeyHeader} header, or Authorization: Bearer with a token.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = "The credentials do not allow this route: it needs the write permission." },
        });
    }
}
