using Reactor.Runtime.Metrics;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's tracing to a silo.</summary>
public static class ReactorTracingSiloBuilderExtensions
{
    /// <summary>
    /// Continues the W3C trace context of delivered events through entity grains (spans of activity source
    /// <see cref="ReactorActivities.SourceName"/>, log scopes with the entity id), and propagates trace context across grain
    /// calls (<c>AddActivityPropagation</c>). Spans are only created while a tracer provider listens to the source.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddReactorTracing(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddActivityPropagation();
        builder.AddIncomingGrainCallFilter<EntityTracingCallFilter>();
        return builder;
    }
}
