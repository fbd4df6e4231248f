using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Reactor.TestInfrastructure;

namespace Reactor.Persistence.AzureBlob.Tests.Support;

/// <summary>One in-memory Azurite for the tests of the "Azurite" collection; each test takes containers of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    /// <summary>Gets the running server.</summary>
    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    /// <summary>Gets a client of the server.</summary>
    public BlobServiceClient Client { get; private set; } = null!;

    /// <summary>Gets the Orleans activator provider a silo would inject into grain storage.</summary>
    public IActivatorProvider Activators { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    /// <summary>Returns a container name no other test uses (the container itself is not created).</summary>
    /// <returns>The name.</returns>
    public static string NewContainerName() => $"t{Guid.NewGuid():N}";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await AzuriteServer.StartAsync();
        Client = new BlobServiceClient(_server.ConnectionString);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
