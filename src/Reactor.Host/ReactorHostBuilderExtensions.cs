using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.DevBroker;
using Reactor.Host.Clustering;
using Reactor.Host.Configuration;
using Reactor.Host.Demo;
using Reactor.Host.Kafka;
using Reactor.Host.Storage;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Host;

/// <summary>Composes the Reactor host: configuration, the embedded dev broker, the silo with Reactor and the Kafka provider, and the demo.</summary>
public static class ReactorHostBuilderExtensions
{
    /// <summary>The demo topics the sample domain reacts to.</summary>
    internal static readonly string[] DemoTopics = [CommerceTopics.SignIns, CommerceTopics.Payments, CommerceTopics.Carts];

    /// <summary>The name of the host's Kafka stream provider.</summary>
    internal const string KafkaProviderName = "reactor";

    /// <summary>The topic that receives dead letters.</summary>
    internal const string DeadLetterTopic = "reactor-dead-letters";

    /// <summary>Adds Reactor to the host: by default an in-process dev broker, the Kafka stream provider, local disk storage (or Azure Blob storage, <c>Reactor:Storage</c>), chat models (<c>Reactor:Inference</c>) and the commerce demo.</summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The builder.</returns>
    public static IHostApplicationBuilder AddReactorHost(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ReactorHostOptions>().BindConfiguration(ReactorOptions.SectionName).ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReactorHostOptions>, HostOptionsValidator>();
        services.AddSingleton<IValidateOptions<DemoOptions>, HostOptionsValidator>();

        // Settings the silo is built from are read now; validation reports them by name at start-up too.
        var host = Bind<ReactorHostOptions>(builder.Configuration, ReactorOptions.SectionName);
        var kafka = Bind<KafkaHostOptions>(builder.Configuration, KafkaHostOptions.SectionName);
        var devBroker = Bind<DevBrokerHostOptions>(builder.Configuration, DevBrokerHostOptions.SectionName);
        var storage = Bind<StorageHostOptions>(builder.Configuration, StorageHostOptions.SectionName);
        HostOptionsValidator.ThrowIfInvalid(kafka, devBroker);
        HostStorage.ThrowIfInvalid(storage);
        var cluster = Bind<ClusteringHostOptions>(builder.Configuration, ClusteringHostOptions.SectionName);
        ClusteringOptionsCheck.ThrowIfInvalid(cluster, storage, devBroker, Environment.GetEnvironmentVariable);
        var kafkaClient = KafkaClientSettings.Read(builder.Configuration);
        var rewindOptions = Bind<RewindHostOptions>(builder.Configuration, RewindHostOptions.SectionName);
        var rewind = rewindOptions.ToRequest(DemoTopics);
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(host.DataDirectory) ? "data" : host.DataDirectory);
        var bootstrapServers = devBroker.Enabled ? $"127.0.0.1:{devBroker.Port}" : kafka.BootstrapServers!;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);
        services.AddSingleton(new DemoKafkaConnection(bootstrapServers));

        if (devBroker.Enabled)
        {
            // Registered before the silo, so the broker starts first and stops last.
            services.AddSingleton(new DevBrokerOptions { Port = devBroker.Port, DataDirectory = Path.Combine(dataDirectory, "broker"), DefaultPartitions = kafka.Partitions });
            services.AddHostedService<EmbeddedDevBroker>();
        }

        builder.UseOrleans(silo =>
        {
            silo.AddReactor(reactor => reactor.AddCommerceEventTypes());
            silo.Services.AddOptions<ReactorOptions>().BindConfiguration(ReactorOptions.SectionName);
            silo.AddKafkaStreams(KafkaProviderName, o =>
            {
                o.Consumer.BootstrapServers = bootstrapServers;
                o.Consumer.GroupId = kafka.GroupId;
                KafkaClientSettings.ApplyTo(o, kafkaClient);
                foreach (var topic in DemoTopics)
                {
                    o.Topics.Add(new KafkaTopicOptions { Name = topic, Partitions = kafka.Partitions });
                }

                o.DeadLetterTopic = DeadLetterTopic;
                o.CreateTopics = true;
            });
            silo.Services.AddOptions<KafkaQueueCacheOptions>(KafkaProviderName).BindConfiguration($"{KafkaHostOptions.SectionName}:Cache");
            silo.AddReactorStorage(storage, dataDirectory);
            silo.AddReactorClustering(cluster, host, storage, KafkaProviderName);
            silo.Services.AddCommerceModels(builder.Configuration);

            // Chat models from Reactor:Inference:Models; without an endpoint the sample's agent takes its declared fallback.
            silo.Services.AddReactorInference(builder.Configuration.GetSection(InferenceOptions.SectionName), inference => inference.AddCommerceAgents());
            silo.AddReactorTracing();
        });

        if (rewind is not null)
        {
            // Registered after the silo, so it starts once the silo is up.
            services.AddHostedService(sp => new StartupRewind(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<IHostApplicationLifetime>(), KafkaProviderName, rewind, rewindOptions.ProgressInterval));
        }

        services.AddHostedService<DemoGenerator>();
        services.AddHostedService<StatsReporter>();
        return builder;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
