using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Reactor.Samples.Commerce.Customers;

/// <summary>Registers the sample domain's models.</summary>
public static class CommerceModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds the shipped fraud model as <see cref="CommerceModels.Fraud"/>, then every model configured under
    /// <c>Reactor:Models</c> (so <c>Reactor:Models:fraud:Path</c>, <c>Version</c> and <c>Sha256</c> can point at another file).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration, or <see langword="null"/> for the shipped model only.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCommerceModels(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddOnnxModel(CommerceModels.Fraud, o =>
        {
            o.Path = CommerceModels.FraudPath;
            o.Version = CommerceModels.FraudVersion;
            o.Sha256 = CommerceModels.FraudSha256;
        });
        return configuration is null ? services : services.AddOnnxModels(configuration);
    }
}
