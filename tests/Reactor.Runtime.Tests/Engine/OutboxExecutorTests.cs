using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Actions;
using Reactor.Runtime.Engine;

namespace Reactor.Runtime.Tests.Engine;

/// <summary>How the outbox executor runs, retries and gives up on an entry.</summary>
public sealed class OutboxExecutorTests
{
    [Fact]
    public async Task Failing_action_is_tried_ActionAttempts_times_with_the_same_key_then_recorded_failed()
    {
        var handler = new FlakyHandler(failures: int.MaxValue);
        var executor = Executor(handler, attempts: 3);

        var completion = await executor.ExecuteAsync(Entry(), null, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, completion.Outcome);
        Assert.Contains("after 3 attempt(s)", completion.Error, StringComparison.Ordinal);
        Assert.Equal(["k#0", "k#0", "k#0"], handler.Keys);
    }

    [Fact]
    public async Task Action_that_fails_once_succeeds_on_the_retry()
    {
        var handler = new FlakyHandler(failures: 1);
        var executor = Executor(handler, attempts: 3);

        var completion = await executor.ExecuteAsync(Entry(), null, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, completion.Outcome);
        Assert.Equal(2, handler.Keys.Count);
    }

    [Fact]
    public async Task Grain_call_pending_at_a_restart_is_recorded_failed_without_retries()
    {
        var executor = Executor(new FlakyHandler(0), attempts: 3);
        var entry = new OutboxEntry { Key = "k#1", DecisionId = "k", Work = OutboxWork.GrainCall, Target = "IAlertGrain/a" };

        var completion = await executor.ExecuteAsync(entry, volatileWork: null, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, completion.Outcome);
        Assert.Contains("does not survive a restart", completion.Error, StringComparison.Ordinal);
    }

    private static OutboxEntry Entry() => new()
    {
        Key = "k#0",
        DecisionId = "k",
        Work = OutboxWork.Act,
        Target = "action-handler",
        Content = """{"note":"hi"}""",
        ActionType = $"{typeof(Poke).FullName}, {typeof(Poke).Assembly.GetName().Name}",
    };

    private static OutboxExecutor Executor(FlakyHandler handler, int attempts)
    {
        var services = new ServiceCollection().AddSingleton<IActionHandler<Poke>>(handler).BuildServiceProvider();
        var options = new OptionsMonitorStub(new ReactorOptions { ActionAttempts = attempts, ActionRetryDelay = TimeSpan.FromMilliseconds(1) });
        return new OutboxExecutor(services, options, TimeProvider.System);
    }

    public sealed record Poke(string Note);

    private sealed class FlakyHandler(int failures) : IActionHandler<Poke>
    {
        public List<string> Keys { get; } = [];

        public Task HandleAsync(Poke action, string idempotencyKey, CancellationToken cancellationToken)
        {
            Keys.Add(idempotencyKey);
            return Keys.Count <= failures ? Task.FromException(new InvalidOperationException("target down")) : Task.CompletedTask;
        }
    }

    private sealed class OptionsMonitorStub(ReactorOptions value) : IOptionsMonitor<ReactorOptions>
    {
        public ReactorOptions CurrentValue => value;

        public ReactorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ReactorOptions, string?> listener) => null;
    }
}
