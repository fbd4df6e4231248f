using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>One running host (no demo generator) with a read key, a write key and JWT bearer tokens configured, shared by the API tests.</summary>
public sealed class ApiHostFixture : IAsyncLifetime
{
    public const string ReadKey = "read-key-0123456789abcdef";
    public const string WriteKey = "write-key-0123456789abcdef";
    public const string Audience = "reactor-api-tests";
    public const int MaxEventBytes = 8 * 1024;
    private const string SigningKey = "test-signing-key-0123456789abcdef-0123456789";

    private readonly TempDirectory _directory = new("host-api");
    private HostProcess? _host;

    internal HostProcess Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public Uri BaseAddress => Host.BaseAddress!;

    /// <summary>Gets the bootstrap servers of the host's embedded dev broker.</summary>
    public string BootstrapServers { get; } = $"127.0.0.1:{HostProcess.FreePort()}";

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Reactor__Api__Keys__0__Name"] = "reader",
            ["Reactor__Api__Keys__0__Key"] = ReadKey,
            ["Reactor__Api__Keys__1__Name"] = "writer",
            ["Reactor__Api__Keys__1__Key"] = WriteKey,
            ["Reactor__Api__Keys__1__Permission"] = "Write",
            ["Reactor__Api__Jwt__SigningKey"] = SigningKey,
            ["Reactor__Api__Jwt__Audience"] = Audience,
            ["Reactor__Api__MaxEventBytes"] = MaxEventBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        string[] ports = ["--silo-port", HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--broker-port", BootstrapServers.Split(':')[1]];
        _host = HostProcess.Start(_directory.Path, environment, [.. ports, "--demo", "false", "--Reactor:Kafka:Partitions", "2"]);
        using var http = await _host.WaitForHttpAsync(TimeSpan.FromMinutes(3));
        await Eventually.Until("the host to be ready", async () => (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            _host.Interrupt();
            await _host.WaitForExitAsync(TimeSpan.FromMinutes(2));
            await _host.DisposeAsync();
        }

        _directory.Dispose();
    }

    /// <summary>Creates a client that sends an API key, or none when <paramref name="apiKey"/> is <see langword="null"/>.</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Creates a client that sends a bearer token with the given scope, signed with <paramref name="signingKey"/> or the host's key.</summary>
    public HttpClient BearerClient(string scope, string? signingKey = null)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = Audience,
            Issuer = "tests",
            Subject = new ClaimsIdentity([new Claim("sub", "test-service"), new Claim("scope", scope)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
