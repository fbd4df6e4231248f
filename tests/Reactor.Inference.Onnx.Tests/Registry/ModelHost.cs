using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reactor.Inference.Onnx.Tests.Registry;

/// <summary>Builds a generic host with models registered, to check what start-up does with them.</summary>
internal static class ModelHost
{
    public static IHost Build(Action<IServiceCollection, IConfiguration> register, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        register(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
