using Reactor.Runtime.Hosting;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's runtime to an Orleans silo.</summary>
public static class ReactorSiloBuilderExtensions
{
    /// <summary>Adds the Reactor runtime to the silo; see <see cref="ReactorServiceCollectionExtensions.AddReactor"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Registers event types and chooses sinks.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddReactor(this ISiloBuilder builder, Action<ReactorBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddReactor(configure);
        return builder;
    }
}
