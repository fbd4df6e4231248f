namespace Reactor.Host.Configuration;

/// <summary>
/// Configures the HTTP API (section <c>Reactor:Api</c>): who may call it and how large request bodies may be. Every
/// route but the health routes needs an API key or a JWT bearer token. Pass keys and signing keys through the
/// environment (<c>Reactor__Api__Keys__0__Key</c>), never appsettings.json; they are never logged.
/// </summary>
public sealed class ApiHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Api";

    /// <summary>Gets the API keys, each with its permission. Default: none.</summary>
    public List<ApiKeyOptions> Keys { get; } = [];

    /// <summary>Gets the JWT bearer settings; tokens are accepted when <see cref="JwtHostOptions.Authority"/> or <see cref="JwtHostOptions.SigningKey"/> is set.</summary>
    public JwtHostOptions Jwt { get; } = new();

    /// <summary>Gets or sets the largest request body of one event or command, in bytes. Default: 1 MiB.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest request body of a batch of events, in bytes. Default: 4 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the most events one batch may carry. Default: 1,000.</summary>
    public int MaxBatchEvents { get; set; } = 1_000;
}
