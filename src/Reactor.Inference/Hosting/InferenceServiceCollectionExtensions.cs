using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Inference.Agents;
using Reactor.Inference.Hosting;
using Reactor.Inference.Models;
using Reactor.Runtime.Actions;

namespace Orleans.Hosting;

/// <summary>Adds Reactor's LLM calls and agents to a host.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds chat models from configuration (<paramref name="configuration"/>, usually the <c>Reactor:Inference</c>
    /// section) and the agents and tools declared in <paramref name="configure"/>. Runs after <c>AddReactor</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section binding <see cref="InferenceOptions"/>, or <see langword="null"/>.</param>
    /// <param name="configure">Declares agents and tools.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddReactorInference(this IServiceCollection services, IConfiguration? configuration, Action<InferenceBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new InferenceBuilder(services);
        configure(builder);
        services.AddSingleton(builder.Build());
        var options = services.AddOptions<InferenceOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatModelRegistry>();
        services.TryAddSingleton<IReportingActionHandler<AgentRun>, AgentRunHandler>();
        return services;
    }

    /// <summary>Configures the chat models in code (on top of what configuration binds).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection ConfigureReactorInference(this IServiceCollection services, Action<InferenceOptions> configure) =>
        services.Configure(configure);
}
