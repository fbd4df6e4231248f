namespace Reactor.Host.Configuration;

/// <summary>
/// Accepts JWT bearer tokens on the HTTP API (section <c>Reactor:Api:Jwt</c>). A token's permissions come from its
/// <c>scope</c>/<c>scp</c> or <c>roles</c> claims: <c>reactor.read</c> or <c>reactor.write</c>.
/// </summary>
public sealed class JwtHostOptions
{
    /// <summary>Gets or sets the token issuer's authority (OpenID Connect discovery, signing keys fetched from it). Default: none.</summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the audience tokens must carry. Required when tokens are accepted.</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the issuer tokens must carry when <see cref="SigningKey"/> is used. Default: none (any issuer).</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets a shared HMAC-SHA256 signing key (at least 32 bytes, UTF-8), instead of an authority. Default: none.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets a value indicating whether tokens are accepted.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKey);
}
