using Xunit;

namespace Reactor.DevBroker.Tests.Hosting;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Start_OnDirectoryInUse_FailsNamingIt_AndWorksAfterStop()
    {
        var directory = Directory.CreateTempSubdirectory("devbroker-lock-").FullName;
        try
        {
            var first = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = directory });
            var error = await Assert.ThrowsAsync<IOException>(() => KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = directory }));
            Assert.Contains(directory, error.Message, StringComparison.Ordinal);
            await first.StopAsync();
            await first.StopAsync();
            await first.DisposeAsync();

            await using var second = await KafkaDevBroker.StartAsync(new DevBrokerOptions { DataDirectory = directory });
            Assert.Equal($"127.0.0.1:{second.Port}", second.BootstrapServers);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Dispose_OfBrokerWithoutDataDirectory_DeletesItsTemporaryDirectory()
    {
        var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions());
        var directory = broker.DataDirectory;
        Assert.True(Directory.Exists(directory));
        await broker.DisposeAsync();
        Assert.False(Directory.Exists(directory));
    }
}
