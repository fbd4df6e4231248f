namespace Reactor.Host.Configuration;

/// <summary>One API key of the HTTP API (section <c>Reactor:Api:Keys:N</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Gets or sets a name for the key's holder, shown in logs instead of the key. Default: <c>key-N</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the key, at least 16 characters, sent in the <c>X-Api-Key</c> header. Required.</summary>
    public string? Key { get; set; }

    /// <summary>Gets or sets what the key may do. Default: <see cref="ApiPermission.Read"/>.</summary>
    public ApiPermission Permission { get; set; } = ApiPermission.Read;
}
