namespace Reactor.Runtime.Shadow;

/// <summary>The host's services as reactions see them in a shadow evaluation: the same, plus the evaluation's <see cref="ModelOverrides"/>.</summary>
internal sealed class ShadowServiceProvider(IServiceProvider inner, ModelOverrides overrides) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(ModelOverrides) ? overrides : inner.GetService(serviceType);
}
