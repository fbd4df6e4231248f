using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Hosting;

/// <summary>Fails start-up with a message naming what is missing, instead of failing on the first event.</summary>
internal sealed class ReactorStartupCheck(IServiceProvider services, IOptions<ReactorOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IDeadLetterSink>() is null)
        {
            throw new InvalidOperationException(
                "Reactor has no dead-letter sink: call UseDeadLetterFile(path) (or UseInMemoryDeadLetters() in tests) in AddReactor, or register an IDeadLetterSink.");
        }

        var storageName = options.Value.StorageName;
        if (services.GetKeyedService<IGrainStorage>(storageName) is null)
        {
            throw new InvalidOperationException(
                $"{ReactorOptions.SectionName}:{nameof(ReactorOptions.StorageName)} names grain storage '{storageName}', which is not registered; add it (for example AddLocalDiskGrainStorage(\"{storageName}\", ...)).");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
