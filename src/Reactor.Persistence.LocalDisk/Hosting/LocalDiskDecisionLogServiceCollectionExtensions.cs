using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Runtime.DecisionLog;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's local-disk decision log on a service collection.</summary>
public static class LocalDiskDecisionLogServiceCollectionExtensions
{
    /// <summary>Adds the local-disk decision log as the <see cref="IDecisionLog"/> of the host.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Configures the log; <see cref="LocalDiskDecisionLogOptions.RootDirectory"/> is required and checked when the host starts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLocalDiskDecisionLog(this IServiceCollection services, Action<LocalDiskDecisionLogOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<LocalDiskDecisionLogOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalDiskDecisionLogOptions>, LocalDiskDecisionLogOptionsValidator>());
        services.TryAddSingleton<LocalDiskDecisionLog>();
        services.AddSingleton<IDecisionLog>(static sp => sp.GetRequiredService<LocalDiskDecisionLog>());
        return services;
    }
}
