using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Registers ONNX models by name on a silo.</summary>
public static class OnnxModelSiloBuilderExtensions
{
    /// <summary>Adds an ONNX model under <paramref name="name"/>; see <see cref="OnnxModelServiceCollectionExtensions.AddOnnxModel(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{OnnxModelOptions})"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The model name reactions use.</param>
    /// <param name="configureOptions">Configures the model.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddOnnxModel(this ISiloBuilder builder, string name, Action<OnnxModelOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOnnxModel(name, configureOptions);
        return builder;
    }

    /// <summary>Adds every model configured under <c>Reactor:Models</c> in the silo's configuration.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddOnnxModels(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOnnxModels(builder.Configuration);
        return builder;
    }
}
