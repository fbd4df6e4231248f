using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Reactor.Runtime.Actions;
using Reactor.Runtime.DeadLetters;

namespace Reactor.Runtime.Hosting;

/// <summary>Collects Reactor's start-up registrations: event types, options, dead-letter sink and action handlers.</summary>
public sealed class ReactorBuilder
{
    private readonly List<KeyValuePair<string, Type>> _eventTypes = [];

    internal ReactorBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the host's services.</summary>
    public IServiceCollection Services { get; }

    internal IReadOnlyList<KeyValuePair<string, Type>> EventTypes => _eventTypes;

    /// <summary>Registers a .NET event type under its CloudEvents <c>type</c> (reverse-DNS names recommended).</summary>
    /// <typeparam name="TEvent">A plain record or class that System.Text.Json can deserialize.</typeparam>
    /// <param name="cloudEventType">The CloudEvents type name, for example <c>com.example.payment.failed</c>.</param>
    /// <returns>This builder.</returns>
    public ReactorBuilder AddEventType<TEvent>(string cloudEventType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cloudEventType);
        _eventTypes.Add(new(cloudEventType, typeof(TEvent)));
        return this;
    }

    /// <summary>Configures how entity grains apply, retry and persist events.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public ReactorBuilder Configure(Action<ReactorOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Sends dead letters to an append-only JSON-lines file (for sources without Kafka).</summary>
    /// <param name="path">The file's path; its directory is created when missing.</param>
    /// <returns>This builder.</returns>
    public ReactorBuilder UseDeadLetterFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Services.RemoveAll<IDeadLetterSink>();
        Services.AddSingleton<IDeadLetterSink>(_ => new JsonLinesDeadLetterSink(path));
        return this;
    }

    /// <summary>Keeps dead letters in memory, for tests; read them from <see cref="InMemoryDeadLetterSink"/>.</summary>
    /// <returns>This builder.</returns>
    public ReactorBuilder UseInMemoryDeadLetters()
    {
        Services.RemoveAll<IDeadLetterSink>();
        Services.AddSingleton<InMemoryDeadLetterSink>();
        Services.AddSingleton<IDeadLetterSink>(sp => sp.GetRequiredService<InMemoryDeadLetterSink>());
        return this;
    }

    /// <summary>Registers the handler of a user-defined action that reactions take with <see cref="IReactionContext.Act{TAction}(TAction)"/>.</summary>
    /// <typeparam name="TAction">The action type.</typeparam>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <returns>This builder.</returns>
    public ReactorBuilder AddActionHandler<TAction, THandler>()
        where THandler : class, IActionHandler<TAction>
    {
        Services.AddSingleton<IActionHandler<TAction>, THandler>();
        return this;
    }
}
