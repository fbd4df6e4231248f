using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Reactor.Abstractions;
using Reactor.Runtime.Engine;
using Reactor.Runtime.Metrics;

namespace Reactor.Runtime.Actions;

/// <summary>
/// Runs outbox entries through the host's sinks: retries a failing attempt with exponential back-off and jitter up to
/// <see cref="ReactorOptions.ActionAttempts"/>, then reports the failure. Never throws.
/// </summary>
internal sealed class OutboxExecutor(IServiceProvider services, IOptionsMonitor<ReactorOptions> options, TimeProvider time)
{
    private static readonly MethodInfo ActGeneric = typeof(OutboxExecutor).GetMethod(nameof(ActAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, object, string, CancellationToken, Task<ActionReport?>>> Invokers = new();

    public async Task<ActionCompletion> ExecuteAsync(OutboxEntry entry, Func<Task>? volatileWork, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var attempts = Math.Max(1, options.CurrentValue.ActionAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var report = await RunOnceAsync(entry, volatileWork, cancellationToken);
                return new ActionCompletion(report?.Outcome ?? ActionOutcome.Succeeded, null, report);
            }
            catch (OutboxEntryLostException ex)
            {
                return new ActionCompletion(ActionOutcome.Failed, ex.Message);
            }
#pragma warning disable CA1031 // Any failure of a sink or handler is retried, then recorded in the decision.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                if (attempt >= attempts)
                {
                    return new ActionCompletion(ActionOutcome.Failed, $"{ex.GetType().Name}: {ex.Message} (after {attempt} attempt(s))");
                }

                // Exponential back-off with full jitter, so entities retrying against one endpoint do not move in step.
                var ceiling = options.CurrentValue.ActionRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), time, cancellationToken);
            }
        }
    }

    private Task<ActionReport?> RunOnceAsync(OutboxEntry entry, Func<Task>? volatileWork, CancellationToken cancellationToken)
    {
        switch (entry.Work)
        {
            case OutboxWork.Emit:
                var emitter = services.GetService<IEventEmitter>()
                    ?? throw new InvalidOperationException("No IEventEmitter is registered, so reactions cannot emit events; add a source or sink that provides one (for example AddReactorInProcessSource).");
                var emitted = new EmittedEvent(entry.Target, entry.EventKey ?? string.Empty, Encoding.UTF8.GetBytes(entry.Content ?? string.Empty), entry.Key, entry.TraceParent);
                return Finish(emitter.EmitAsync(emitted, cancellationToken));
            case OutboxWork.GrainCall:
                return volatileWork is null
                    ? throw new OutboxEntryLostException($"The grain call {entry.Target} was pending when its entity restarted; a grain call's delegate does not survive a restart, so it was not run again. Use Act with an IActionHandler for calls that must.")
                    : Finish(volatileWork());
            case OutboxWork.Act:
                var type = Type.GetType(entry.ActionType ?? string.Empty, throwOnError: false)
                    ?? throw new OutboxEntryLostException($"The action type '{entry.ActionType}' of outbox entry {entry.Key} is not loaded in this silo.");
                var action = JsonSerializer.Deserialize(entry.Content ?? "null", type, ReactorJson.Options)
                    ?? throw new OutboxEntryLostException($"The action of outbox entry {entry.Key} is null.");
                var invoke = Invokers.GetOrAdd(type, static t => ActGeneric.MakeGenericMethod(t).CreateDelegate<Func<IServiceProvider, object, string, CancellationToken, Task<ActionReport?>>>());
                return TracedAsync(entry, () => invoke(services, action, entry.Key, cancellationToken));
            default:
                throw new OutboxEntryLostException($"Outbox entry {entry.Key} has unknown work {entry.Work}.");
        }
    }

    /// <summary>Runs a handler inside the span of its action, so what the handler traces (an agent's model calls) joins the triggering event's trace.</summary>
    private static async Task<ActionReport?> TracedAsync(OutboxEntry entry, Func<Task<ActionReport?>> run)
    {
        using var activity = ReactorActivities.StartAct(entry.Target, entry.Key, entry.TraceParent);
        try
        {
            return await run();
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private static async Task<ActionReport?> Finish(Task work)
    {
        await work;
        return null;
    }

    private static async Task<ActionReport?> ActAsync<TAction>(IServiceProvider services, object action, string key, CancellationToken cancellationToken)
    {
        if (services.GetService<IReportingActionHandler<TAction>>() is { } reporting)
        {
            return await reporting.HandleAsync((TAction)action, key, cancellationToken);
        }

        var handler = services.GetService<IActionHandler<TAction>>()
            ?? throw new InvalidOperationException($"No IActionHandler<{typeof(TAction).Name}> is registered; add it with AddActionHandler in AddReactor.");
        await handler.HandleAsync((TAction)action, key, cancellationToken);
        return null;
    }

    /// <summary>An entry that can never run (its delegate or type is gone); it is recorded as failed without retries.</summary>
    private sealed class OutboxEntryLostException(string message) : Exception(message);
}
