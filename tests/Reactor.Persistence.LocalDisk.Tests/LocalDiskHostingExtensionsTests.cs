using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Reactor.Persistence.LocalDisk.Providers;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure;
using Xunit;

namespace Reactor.Persistence.LocalDisk.Tests;

[Trait("Provider", "LocalDisk")]
[Trait("Suite", "Hosting")]
public sealed class LocalDiskHostingExtensionsTests : IDisposable
{
    private readonly TempDirectory _directory = new("localdisk-hosting");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddLocalDiskGrainStorage_WithoutRootDirectory_FailsValidationNamingProviderAndProperty()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskGrainStorage("disk", _ => { });
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OrleansConfigurationException>(() =>
        {
            foreach (var validator in provider.GetServices<IConfigurationValidator>())
            {
                validator.ValidateConfiguration();
            }
        });

        Assert.Contains("'disk'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocalDiskGrainStorageOptions.RootDirectory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddLocalDiskGrainStorageAsDefault_RegistersTheDefaultProvider()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddLocalDiskGrainStorageAsDefault(o => o.RootDirectory = _directory.Path);
        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        Assert.Equal(_directory.Path, Assert.IsType<LocalDiskGrainStorage>(storage).RootDirectory);
    }

    [Fact]
    public async Task AddLocalDiskDecisionLog_RegistersOneLogAsIDecisionLog()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalDiskDecisionLog(o => o.RootDirectory = _directory.Path);
        await using var provider = services.BuildServiceProvider();

        var log = provider.GetRequiredService<IDecisionLog>();

        Assert.IsType<LocalDiskDecisionLog>(log);
        Assert.Same(log, provider.GetRequiredService<IDecisionLog>());
    }
}
