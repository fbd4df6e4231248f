using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Reactor.Host.Configuration;

namespace Reactor.Host.Api.Auth;

/// <summary>Adds the HTTP API's authentication (API keys, JWT bearer tokens) and its read and write policies.</summary>
internal static class ApiAuthentication
{
    private const int MinimumKeyLength = 16;
    private const int MinimumSigningKeyBytes = 32;

    /// <summary>Adds authentication and authorization from validated settings.</summary>
    /// <param name="services">The services.</param>
    /// <param name="api">The API settings.</param>
    /// <param name="demoKey">A generated key for the embedded demo, used only when no credentials are configured.</param>
    public static void AddReactorApiAuthentication(this IServiceCollection services, ApiHostOptions api, DemoApiKey? demoKey)
    {
        var keys = api.Keys.Select((k, i) => (k.Name ?? $"key-{i}", k.Key!, k.Permission)).ToList();
        if (demoKey is not null)
        {
            keys.Add(("demo", demoKey.Key, ApiPermission.Write));
            services.AddSingleton(demoKey);
        }

        services.AddSingleton(new ApiKeyStore(keys));
        var authentication = services.AddAuthentication(ApiClaims.Scheme)
            .AddPolicyScheme(ApiClaims.Scheme, "API key or bearer token", o => o.ForwardDefaultSelector = context =>
                api.Jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiClaims.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiClaims.ApiKeyScheme, null);
        if (api.Jwt.Enabled)
        {
            authentication.AddJwtBearer(o => ConfigureJwt(o, api.Jwt));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiClaims.ReadPolicy, p => p.RequireClaim(ApiClaims.Permission, "read", "write"))
            .AddPolicy(ApiClaims.WritePolicy, p => p.RequireClaim(ApiClaims.Permission, "write"));
    }

    /// <summary>Rejects API settings that cannot work, naming the setting.</summary>
    /// <param name="api">The API settings.</param>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    public static void ThrowIfInvalid(ApiHostOptions api)
    {
        const string Section = ApiHostOptions.SectionName;
        var failures = new List<string>();
        for (var i = 0; i < api.Keys.Count; i++)
        {
            var key = api.Keys[i];
            if (string.IsNullOrWhiteSpace(key.Key) || key.Key.Length < MinimumKeyLength)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Keys:{i}:Key must be at least {MinimumKeyLength} characters."));
            }

            if (!Enum.IsDefined(key.Permission))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Keys:{i}:Permission must be Read or Write."));
            }
        }

        if (api.Jwt.Enabled && string.IsNullOrWhiteSpace(api.Jwt.Audience))
        {
            failures.Add($"{Section}:Jwt:Audience is required when {Section}:Jwt:Authority or {Section}:Jwt:SigningKey is set.");
        }

        if (!string.IsNullOrEmpty(api.Jwt.SigningKey) && Encoding.UTF8.GetByteCount(api.Jwt.SigningKey) < MinimumSigningKeyBytes)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Jwt:SigningKey must be at least {MinimumSigningKeyBytes} bytes."));
        }

        if (!string.IsNullOrEmpty(api.Jwt.Authority) && !Uri.TryCreate(api.Jwt.Authority, UriKind.Absolute, out _))
        {
            failures.Add($"{Section}:Jwt:Authority must be an absolute URI.");
        }

        CheckPositive(failures, $"{Section}:MaxEventBytes", api.MaxEventBytes);
        CheckPositive(failures, $"{Section}:MaxBatchBytes", api.MaxBatchBytes);
        CheckPositive(failures, $"{Section}:MaxBatchEvents", api.MaxBatchEvents);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(ApiHostOptions), failures);
        }
    }

    private static void CheckPositive(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{setting} must be at least 1 (was {value})."));
        }
    }

    private static void ConfigureJwt(JwtBearerOptions options, JwtHostOptions jwt)
    {
        options.MapInboundClaims = false;
        options.Audience = jwt.Audience;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
        }
        else
        {
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = !string.IsNullOrWhiteSpace(jwt.Issuer),
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey!)),
            };
        }

        options.Events = new JwtBearerEvents { OnTokenValidated = AddPermissionClaim };
    }

    /// <summary>Turns the token's <c>reactor.read</c>/<c>reactor.write</c> scopes or roles into the permission claim.</summary>
    private static Task AddPermissionClaim(TokenValidatedContext context)
    {
        var grants = context.Principal!.Claims
            .Where(c => c.Type is "scope" or "scp" or "roles" or "role" or ClaimTypes.Role)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        var permission = grants.Contains("reactor.write") ? "write" : grants.Contains("reactor.read") ? "read" : null;
        if (permission is not null && context.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(ApiClaims.Permission, permission));
        }

        return Task.CompletedTask;
    }
}
