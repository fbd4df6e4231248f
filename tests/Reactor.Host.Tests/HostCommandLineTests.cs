using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

public sealed class HostCommandLineTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Help_lists_the_settings_and_their_switches()
    {
        using var directory = new TempDirectory("host-help");
        await using var host = HostProcess.Start(directory.Path, args: "--help");

        Assert.Equal(0, await host.WaitForExitAsync(ExitTimeout));
        var output = string.Join('\n', host.Output);
        foreach (var expected in new[] { "Reactor:DataDirectory", "--data-dir", "Reactor:Demo:EventsPerSecond", "--rate", "Reactor:FlushInterval", "Reactor__Demo__EventsPerSecond", "Reactor:Kafka:Cache:MaxCachedBytes" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Reactor__Demo__EventsPerSecond", "0", "Reactor:Demo:EventsPerSecond")]
    [InlineData("Reactor__Demo__EventsPerSecond", "fast", "Reactor:Demo:EventsPerSecond")]
    [InlineData("Reactor__Demo__Customers", "0", "Reactor:Demo:Customers")]
    [InlineData("Reactor__FlushInterval", "-00:00:01", "Reactor:FlushInterval")]
    [InlineData("Reactor__DevBroker__Enabled", "false", "Reactor:Kafka:BootstrapServers")]
    [InlineData("Reactor__Kafka__Partitions", "0", "Reactor:Kafka:Partitions")]
    [InlineData("Reactor__Kafka__Cache__MaxCachedBytes", "1000", "Reactor:Kafka:Cache:MaxCachedBytes")]
    [InlineData("Reactor__Api__Keys__0__Key", "short", "Reactor:Api:Keys:0:Key")]
    [InlineData("Reactor__Api__Keys__0__Permission", "Admin", "Reactor:Api:Keys:0:Permission")]
    [InlineData("Reactor__Api__Jwt__SigningKey", "a-signing-key-of-at-least-32-bytes-0123456789", "Reactor:Api:Jwt:Audience")]
    [InlineData("Reactor__Api__MaxEventBytes", "0", "Reactor:Api:MaxEventBytes")]
    [InlineData("Reactor__Inference__Models__chat__TokensPerMinute", "-5", "Reactor:Inference:Models:chat:TokensPerMinute")]
    public async Task Invalid_setting_fails_at_start_naming_the_setting(string variable, string value, string setting)
    {
        using var directory = new TempDirectory("host-invalid");
        var environment = new Dictionary<string, string> { [variable] = value };
        await using var host = HostProcess.Start(
            directory.Path,
            environment,
            "--silo-port", HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Reactor:DevBroker:Port", HostProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode != 0, $"expected a failed start. Output:\n{host.AllOutput}");
        Assert.Contains(setting, host.ErrorOutput, StringComparison.Ordinal);
    }
}
