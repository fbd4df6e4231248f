using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Runtime.Events;
using Reactor.Runtime.Grains;
using Reactor.Runtime.Metrics;

namespace Reactor.Runtime.Tests.Grains;

public sealed class EntityRuntimeRuleSwitchTests
{
    [Fact]
    public void Rule_switched_off_in_configuration_takes_effect_without_a_restart()
    {
        var monitor = new SwitchableOptions(new ReactorOptions());
        using var metrics = new ReactorMetrics();
        using var services = new ServiceCollection().BuildServiceProvider();
        var runtime = new EntityRuntime(new EventTypeRegistry([]), monitor, metrics, TimeProvider.System, new EntityWriteNotices(), services);
        var enabled = runtime.EngineOptions.RuleEnabled!;

        Assert.True(enabled("payment-fraud-hold"));

        monitor.CurrentValue = new ReactorOptions { DisabledRules = ["payment-fraud-hold"] };

        Assert.False(enabled("payment-fraud-hold"));
        Assert.True(enabled("new-device-sign-in"));
    }

    private sealed class SwitchableOptions(ReactorOptions initial) : IOptionsMonitor<ReactorOptions>
    {
        public ReactorOptions CurrentValue { get; set; } = initial;

        public ReactorOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<ReactorOptions, string?> listener) => null;
    }
}
