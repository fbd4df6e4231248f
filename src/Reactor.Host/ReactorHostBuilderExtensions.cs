using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Host.Configuration;
using Reactor.Host.Demo;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Host;

/// <summary>Composes the Reactor host: configuration, the silo with Reactor and its embedded-default providers, and the demo.</summary>
public static class ReactorHostBuilderExtensions
{
    /// <summary>Adds Reactor's embedded default to the host: localhost clustering, the in-process source, local disk storage and the commerce demo.</summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder AddReactorHost(this HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ReactorHostOptions>().BindConfiguration(ReactorOptions.SectionName).ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReactorHostOptions>, HostOptionsValidator>();
        services.AddSingleton<IValidateOptions<DemoOptions>, HostOptionsValidator>();

        // Settings the silo is built from are read now; validation above reports them by name at start-up too.
        var host = builder.Configuration.GetSection(ReactorOptions.SectionName).Get<ReactorHostOptions>() ?? new ReactorHostOptions();
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(host.DataDirectory) ? "data" : host.DataDirectory);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort);
            silo.AddReactor(reactor => reactor
                .AddCommerceEventTypes()
                .UseDeadLetterFile(Path.Combine(dataDirectory, "dead-letters.jsonl")));
            silo.Services.AddOptions<ReactorOptions>().BindConfiguration(ReactorOptions.SectionName);
            silo.AddReactorInProcessSource();
            silo.AddLocalDiskGrainStorage("reactor", o => o.RootDirectory = Path.Combine(dataDirectory, "state"));
            silo.AddLocalDiskDecisionLog(o => o.RootDirectory = Path.Combine(dataDirectory, "decisions"));
        });

        services.AddHostedService<DemoGenerator>();
        services.AddHostedService<StatsReporter>();
        return builder;
    }
}
