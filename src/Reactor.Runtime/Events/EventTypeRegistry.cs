using System.Collections.Frozen;

namespace Reactor.Runtime.Events;

/// <summary>
/// Maps CloudEvents <c>type</c> names to .NET event types and back. Built once at start-up from the
/// registrations made with <see cref="Hosting.ReactorBuilder.AddEventType{TEvent}(string)"/>.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;

    /// <summary>Creates a registry from type-name pairs; names and types must each be unique.</summary>
    /// <param name="registrations">The CloudEvents type names and their .NET types.</param>
    /// <exception cref="ArgumentException">A name or a type is registered twice, or a name is blank.</exception>
    public EventTypeRegistry(IEnumerable<KeyValuePair<string, Type>> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        var byType = new Dictionary<Type, string>();
        foreach (var (name, type) in registrations)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Event type {type.FullName} is registered with a blank CloudEvents type name.", nameof(registrations));
            }

            if (!byName.TryAdd(name, type))
            {
                throw new ArgumentException($"CloudEvents type '{name}' is registered twice ({byName[name].FullName} and {type.FullName}).", nameof(registrations));
            }

            if (!byType.TryAdd(type, name))
            {
                throw new ArgumentException($"Event type {type.FullName} is registered twice ('{byType[type]}' and '{name}').", nameof(registrations));
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byType = byType.ToFrozenDictionary();
    }

    /// <summary>Gets the registered CloudEvents type names.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Finds the .NET type registered for a CloudEvents type name.</summary>
    /// <param name="name">The CloudEvents <c>type</c>.</param>
    /// <param name="type">The .NET type, when registered.</param>
    /// <returns><see langword="true"/> when the name is registered.</returns>
    public bool TryGetType(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _byName.TryGetValue(name, out type);

    /// <summary>Finds the CloudEvents type name registered for a .NET type.</summary>
    /// <param name="type">The .NET event type.</param>
    /// <returns>The CloudEvents type name.</returns>
    /// <exception cref="InvalidOperationException">The type is not registered.</exception>
    public string GetName(Type type) =>
        _byType.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException($"Event type {type.FullName} is not registered; register it with AddEventType<{type.Name}>(\"<cloudevents type>\") in AddReactor.");
}
