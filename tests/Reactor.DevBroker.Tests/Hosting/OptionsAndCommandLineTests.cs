using Microsoft.Extensions.Logging;
using Xunit;

namespace Reactor.DevBroker.Tests.Hosting;

public sealed class OptionsAndCommandLineTests
{
    public static TheoryData<string, Action<DevBrokerOptions>> InvalidOptions => new()
    {
        { nameof(DevBrokerOptions.Host), o => o.Host = " " },
        { nameof(DevBrokerOptions.Port), o => o.Port = 70_000 },
        { nameof(DevBrokerOptions.DefaultPartitions), o => o.DefaultPartitions = 0 },
        { nameof(DevBrokerOptions.RetentionTime), o => o.RetentionTime = TimeSpan.Zero },
        { nameof(DevBrokerOptions.RetentionBytes), o => o.RetentionBytes = 0 },
        { nameof(DevBrokerOptions.SegmentBytes), o => o.SegmentBytes = 0 },
        { nameof(DevBrokerOptions.MaxFrameBytes), o => o.MaxFrameBytes = 10 },
        { nameof(DevBrokerOptions.GroupInitialRebalanceDelay), o => o.GroupInitialRebalanceDelay = TimeSpan.FromSeconds(-1) },
        { nameof(DevBrokerOptions.GroupMaxSessionTimeout), o => o.GroupMaxSessionTimeout = TimeSpan.FromMilliseconds(1) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidProperty_ThrowsNamingIt(string property, Action<DevBrokerOptions> breakIt)
    {
        var options = new DevBrokerOptions();
        breakIt(options);
        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(property, error.ParamName);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        new DevBrokerOptions().Validate();
    }

    [Fact]
    public void CommandLine_ParsesEveryOption()
    {
        Assert.True(DevBrokerCommandLine.TryParse(
            ["--port", "19092", "--data", "/tmp/x", "--partitions", "8", "--no-auto-create", "--retention-ms", "-1", "--retention-bytes", "1000", "--log-level", "debug"],
            out var parsed,
            out var error),
            error);
        Assert.Equal(19092, parsed!.Options.Port);
        Assert.Equal("/tmp/x", parsed.Options.DataDirectory);
        Assert.Equal(8, parsed.Options.DefaultPartitions);
        Assert.False(parsed.Options.AutoCreateTopics);
        Assert.Equal(Timeout.InfiniteTimeSpan, parsed.Options.RetentionTime);
        Assert.Equal(1000, parsed.Options.RetentionBytes);
        Assert.Equal(LogLevel.Debug, parsed.LogLevel);
    }

    [Theory]
    [InlineData("--port", "--port", "abc")]
    [InlineData("--port", "--port", "-1")]
    [InlineData("--partitions", "--partitions", "0")]
    [InlineData("--data", "--data")]
    [InlineData("--bogus", "--bogus")]
    [InlineData("--log-level", "--log-level", "loud")]
    public void CommandLine_BadArgument_ReportsTheOption(string option, params string[] args)
    {
        Assert.False(DevBrokerCommandLine.TryParse(args, out _, out var error));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WithBadArgument_ExitsNonZero()
    {
        Assert.NotEqual(0, await Program.Main(["--port", "nope"]));
    }
}
