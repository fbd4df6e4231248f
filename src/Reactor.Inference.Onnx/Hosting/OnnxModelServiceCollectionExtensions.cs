using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Inference.Onnx;
using Reactor.Inference.Onnx.Providers;

namespace Orleans.Hosting;

/// <summary>Registers ONNX models by name on a service collection.</summary>
public static class OnnxModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds an ONNX model under <paramref name="name"/>. It is loaded when the host starts (SHA-256 checked) and scored by
    /// reactions through <c>ctx.Score(name, features)</c>. Registering a name again replaces the earlier model.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The model name reactions use.</param>
    /// <param name="configureOptions">Configures the model; <see cref="OnnxModelOptions.Path"/>, <see cref="OnnxModelOptions.Version"/> and <see cref="OnnxModelOptions.Sha256"/> are required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOnnxModel(this IServiceCollection services, string name, Action<OnnxModelOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddOnnxModel(name, builder => builder.Configure(configureOptions));
    }

    /// <summary>
    /// Adds every model configured under <c>Reactor:Models</c>: one section per name with <c>Path</c>, <c>Version</c> and
    /// <c>Sha256</c> (and optionally <c>MaxBatchSize</c>, <c>MaxBatchDelay</c>, <c>IntraOpThreads</c>, <c>Output</c>,
    /// <c>BlobConnectionString</c>). A section for a name already added in code overrides the settings it gives.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOnnxModels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var section in configuration.GetSection(OnnxModelOptions.SectionName).GetChildren())
        {
            services.AddOnnxModel(section.Key, builder => builder.Bind(section));
        }

        return services;
    }

    /// <summary>Replaces how model inputs are written to decision records, for example to mask personal data.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="describe">Given the model name and the features, returns what the decision record keeps.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddModelInputRedaction(this IServiceCollection services, Func<string, IModelFeatures, string> describe)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(describe);
        services.Replace(ServiceDescriptor.Singleton<IModelInputRedactor>(new DelegateModelInputRedactor(describe)));
        return services;
    }

    /// <summary>Adds the model registry without models (a host whose models all come from tests' answers, for example).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ModelRegistry>();
        services.TryAddSingleton<IModelRegistry>(static sp => sp.GetRequiredService<ModelRegistry>());
        services.TryAddSingleton<IModelInputRedactor>(JsonModelInputRedactor.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxModelOptions>, OnnxModelOptionsValidator>());
        services.AddHostedService<ModelRegistryWarmup>();
        return services;
    }

    private static IServiceCollection AddOnnxModel(this IServiceCollection services, string name, Action<OptionsBuilder<OnnxModelOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = services.AddOptions<OnnxModelOptions>(name);
        configure(options);
        options.ValidateOnStart();
        services.AddModelRegistry();
        services.AddSingleton(new ModelRegistration(
            name,
            (sp, ct) => OnnxModelLoader.LoadAsync(name, sp.GetRequiredService<IOptionsMonitor<OnnxModelOptions>>().Get(name), ct)));
        return services;
    }
}
