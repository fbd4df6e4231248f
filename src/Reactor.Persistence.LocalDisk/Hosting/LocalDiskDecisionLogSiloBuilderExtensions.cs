using Orleans.Configuration;
using Reactor.Runtime.DecisionLog;

namespace Orleans.Hosting;

/// <summary>Registers Reactor's local-disk decision log on a silo.</summary>
public static class LocalDiskDecisionLogSiloBuilderExtensions
{
    /// <summary>Adds the local-disk decision log as the silo's <see cref="IDecisionLog"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the log; <see cref="LocalDiskDecisionLogOptions.RootDirectory"/> is required and checked when the host starts.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddLocalDiskDecisionLog(this ISiloBuilder builder, Action<LocalDiskDecisionLogOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalDiskDecisionLog(configureOptions);
        return builder;
    }
}
