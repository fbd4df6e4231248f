using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Reactor.Runtime.DeadLetters;
using Reactor.Runtime.Hosting;
using Reactor.Runtime.Sources;

namespace Reactor.TestInfrastructure;

/// <summary>
/// An in-process Orleans cluster of one silo running Reactor with the in-process source (memory streams),
/// in-memory dead letters, and either in-memory or local-disk entity storage.
/// </summary>
public sealed class ReactorTestCluster : IAsyncDisposable
{
    private ReactorTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    /// <summary>Gets the underlying test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>Gets a client of the cluster.</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>Gets the services of the (first) silo.</summary>
    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    /// <summary>Gets the in-process source of the silo.</summary>
    public InProcessEventSource Source => SiloServices.GetRequiredService<InProcessEventSource>();

    /// <summary>Gets the dead letters written so far.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => SiloServices.GetRequiredService<InMemoryDeadLetterSink>().Items;

    /// <summary>Starts a cluster of one silo.</summary>
    /// <param name="reactor">Registers event types (and anything else) with Reactor.</param>
    /// <param name="dataDirectory">A directory for local-disk storage, or <see langword="null"/> for in-memory storage.</param>
    /// <param name="configureSilo">Further silo configuration.</param>
    /// <returns>The running cluster.</returns>
    public static async Task<ReactorTestCluster> StartAsync(
        Action<ReactorBuilder> reactor,
        string? dataDirectory = null,
        Action<ISiloBuilder>? configureSilo = null)
    {
        ArgumentNullException.ThrowIfNull(reactor);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddReactor(r =>
            {
                reactor(r);
                r.UseInMemoryDeadLetters();
            });
            silo.AddReactorInProcessSource();
            if (dataDirectory is null)
            {
                silo.AddReactorMemoryGrainStorage();
            }
            else
            {
                silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(dataDirectory, "state"));
                silo.Services.AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(dataDirectory, "decisions"));
            }

            configureSilo?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ReactorTestCluster(cluster);
    }

    /// <summary>Publishes one CloudEvents JSON document through the in-process source.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="cloudEventJson">The document.</param>
    /// <param name="key">The entity id, when not taken from <c>subject</c>.</param>
    /// <returns>The assigned position, or the rejection.</returns>
    public Task<PublishResult> PublishAsync(string topic, ReadOnlyMemory<byte> cloudEventJson, string? key = null) =>
        Source.PublishAsync(topic, cloudEventJson, key);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
