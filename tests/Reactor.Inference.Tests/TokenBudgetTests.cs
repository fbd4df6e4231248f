using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Inference.Agents;
using Reactor.Runtime.Actions;
using Reactor.TestInfrastructure;

namespace Reactor.Inference.Tests;

/// <summary>
/// A model's tokens-per-minute budget (<c>Reactor:Inference:Models:chat:TokensPerMinute</c>), charged with the usage the
/// loopback server reports (120 tokens per answer), on a fake clock.
/// </summary>
public sealed class TokenBudgetTests : IAsyncLifetime
{
    private static readonly CartLeft Cart = new("s1", 3, 120m, "blue shoes");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Call_that_finds_the_budget_used_up_takes_the_fallback_marked_token_budget_without_calling_the_model()
    {
        await using var server = await FakeChatServer.StartAsync((_, c) => FakeChatServer.Text(c, """{"message":"hi","discount":1}"""));
        var model = WinBack.ModelAt(server.Endpoint);
        model.TokensPerMinute = 200;
        model.MaxTokenWait = TimeSpan.Zero;
        await using var services = Services(model);

        var first = await RunAsync(services, "budget-1");
        var second = await RunAsync(services, "budget-2");
        var third = await RunAsync(services, "budget-3");

        Assert.False(first.Details!.ContainsKey(InferenceDetails.Fallback));
        Assert.False(second.Details!.ContainsKey(InferenceDetails.Fallback));
        Assert.StartsWith("token-budget", third.Details![InferenceDetails.Fallback], StringComparison.Ordinal);
        Assert.Equal(new WinBackOffer("Your cart is waiting for you.", 0), JsonSerializer.Deserialize<WinBackOffer>(third.Details[InferenceDetails.Result], ReactorJson.Options));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Call_waits_for_the_minute_window_to_free_tokens_and_then_uses_the_model()
    {
        await using var server = await FakeChatServer.StartAsync((_, c) => FakeChatServer.Text(c, """{"message":"hi","discount":1}"""));
        var model = WinBack.ModelAt(server.Endpoint);
        model.TokensPerMinute = 100;
        model.MaxTokenWait = TimeSpan.FromMinutes(2);
        model.Timeout = TimeSpan.FromHours(1);
        await using var services = Services(model);
        await RunAsync(services, "wait-1");

        var second = RunAsync(services, "wait-2");
        Assert.False(second.IsCompleted);
        await Eventually.Until("the waiting call to run once the clock moved past the window", () =>
        {
            if (server.Requests.Count < 2)
            {
                _time.Advance(TimeSpan.FromSeconds(10));
            }

            return second.IsCompleted;
        });

        var report = await second;
        Assert.False(report.Details!.ContainsKey(InferenceDetails.Fallback), report.Details.GetValueOrDefault(InferenceDetails.Fallback));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Call_that_would_wait_longer_than_MaxTokenWait_takes_the_fallback_at_once()
    {
        await using var server = await FakeChatServer.StartAsync((_, c) => FakeChatServer.Text(c, """{"message":"hi","discount":1}"""));
        var model = WinBack.ModelAt(server.Endpoint);
        model.TokensPerMinute = 100;
        model.MaxTokenWait = TimeSpan.FromSeconds(30);
        await using var services = Services(model);
        await RunAsync(services, "short-1");

        var report = await RunAsync(services, "short-2");

        Assert.StartsWith("token-budget", report.Details![InferenceDetails.Fallback], StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("TokensPerMinute")]
    [InlineData("MaxTokenWait")]
    public async Task Negative_token_budget_settings_fail_at_start_up_naming_the_setting(string setting)
    {
        var model = new ChatModelOptions();
        if (setting == nameof(ChatModelOptions.TokensPerMinute))
        {
            model.TokensPerMinute = -1;
        }
        else
        {
            model.MaxTokenWait = TimeSpan.FromSeconds(-1);
        }

        await using var services = Services(model);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<InferenceOptions>>().Value);
        Assert.Contains($"Reactor:Inference:Models:chat:{setting}", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Services(ChatModelOptions model)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddReactor(r => r.UseInMemoryDeadLetters());
        services.AddReactorInference(null, i => i.AddWinBack(_receiver));
        services.ConfigureReactorInference(o => o.Models[WinBack.Model] = model);
        return services.BuildServiceProvider();
    }

    private static Task<ActionReport> RunAsync(IServiceProvider services, string key) =>
        services.GetRequiredService<IReportingActionHandler<AgentRun>>()
            .HandleAsync(new AgentRun(WinBack.Agent, Cart.SessionId, JsonSerializer.SerializeToElement(Cart, ReactorJson.Options)), key, CancellationToken.None);
}
