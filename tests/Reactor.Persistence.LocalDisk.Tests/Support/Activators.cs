using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Reactor.Persistence.LocalDisk.Tests.Support;

/// <summary>Provides the Orleans activator provider that a silo would inject into grain storage.</summary>
internal static class Activators
{
    private static readonly Lazy<IActivatorProvider> Shared = new(() =>
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>());

    public static IActivatorProvider Provider => Shared.Value;
}
