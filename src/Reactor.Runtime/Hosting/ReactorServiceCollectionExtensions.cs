using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Events;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Hosting;
using Reactor.Runtime.Metrics;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's runtime to a host's services.</summary>
public static class ReactorServiceCollectionExtensions
{
    /// <summary>Adds the Reactor runtime: event types, entity options, metrics and the dead-letter sink chosen in <paramref name="configure"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Registers event types and chooses sinks.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReactor(this IServiceCollection services, Action<ReactorBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new ReactorBuilder(services);
        configure(builder);
        services.AddSingleton(new EventTypeRegistry(builder.EventTypes));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReactorMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReactorOptions>, ReactorOptionsValidator>());
        services.AddOptions<ReactorOptions>().ValidateOnStart();
        services.TryAddSingleton<EntityWriteNotices>();
        services.TryAddSingleton<EntityRuntime>();
        services.TryAddSingleton<EntitySubscriptions>();
        services.TryAddSingleton<OutboxExecutor>();
        services.TryAddSingleton<IActionHandler<WebhookCall>, WebhookCallHandler>();
        services.TryAddSingleton<IActionHandler<GrainCommand>, GrainCommandHandler>();
        services.AddHostedService<ReactorStartupCheck>();
        return services;
    }
}
