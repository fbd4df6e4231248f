using Orleans.Configuration;
using Reactor.Runtime.DecisionLog;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's Azure Blob decision log on a silo.</summary>
public static class AzureBlobDecisionLogSiloBuilderExtensions
{
    /// <summary>Adds the Azure Blob decision log as the silo's <see cref="IDecisionLog"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the log; one client source is required and checked when the host starts.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddAzureBlobDecisionLog(this ISiloBuilder builder, Action<AzureBlobDecisionLogOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureBlobDecisionLog(configureOptions);
        return builder;
    }
}
