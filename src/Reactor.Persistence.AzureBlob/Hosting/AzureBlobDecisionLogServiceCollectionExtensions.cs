using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Persistence.AzureBlob.Providers;
using Reactor.Runtime.DecisionLog;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob decision log on a service collection.</summary>
public static class AzureBlobDecisionLogServiceCollectionExtensions
{
    /// <summary>Adds the Azure Blob decision log as the <see cref="IDecisionLog"/> of the host.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureOptions">Configures the log; one client source is required and checked when the host starts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAzureBlobDecisionLog(this IServiceCollection services, Action<AzureBlobDecisionLogOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<AzureBlobDecisionLogOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureBlobDecisionLogOptions>, AzureBlobDecisionLogOptionsValidator>());
        services.TryAddSingleton<AzureBlobDecisionLog>();
        services.AddSingleton<IDecisionLog>(static sp => sp.GetRequiredService<AzureBlobDecisionLog>());
        return services;
    }
}
