using System.Text.Json;

namespace Reactor.Host.Tests;

/// <summary>The Host ships the runtime settings docs/runtime-settings.md describes, in its runtimeconfig.json.</summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("System.GC.Server", "true")]
    [InlineData("System.GC.DynamicAdaptationMode", "0")]
    [InlineData("System.Runtime.TieredCompilation.QuickJit", "false")]
    [InlineData("System.Runtime.TieredPGO", "false")]
    public void The_hosts_runtimeconfig_carries_the_documented_setting(string property, string expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reactor.Host.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(property, out var value), $"{path} has no {property}.");
        Assert.Equal(expected, value.GetRawText());
    }
}
