using System.Text.Json.Nodes;

namespace Reactor.Runtime.Persistence;

/// <summary>
/// Holds the schema version of each stored state type and the functions that migrate older stored states to it.
/// Reactor's grain storage providers write the version into every document they store and run the registered
/// upgrade on read when a document is older, so a state type can change shape without rewriting stored data.
/// </summary>
/// <remarks>
/// A state type without a registration has version <see cref="DefaultVersion"/>. Documents written before
/// versions were stored count as <see cref="DefaultVersion"/>. A document newer than the registered version is
/// reported as unreadable, never replaced.
/// </remarks>
public sealed class StateSchemaUpgrades
{
    /// <summary>The version of a state type that has no registration, and of documents that carry no version.</summary>
    public const int DefaultVersion = 1;

    private readonly Dictionary<Type, Registration> _registrations = [];

    /// <summary>Registers the current schema version of a state type and the function that migrates older stored states.</summary>
    /// <typeparam name="TState">The state type, as the grain declares it.</typeparam>
    /// <param name="currentVersion">The version written from now on; at least <see cref="DefaultVersion"/>.</param>
    /// <param name="upgrade">
    /// Migrates a stored state (the JSON of the <c>state</c> property) from the version passed as second argument
    /// to <paramref name="currentVersion"/>; it may change the node in place and return it.
    /// </param>
    /// <returns>This instance, for chaining.</returns>
    public StateSchemaUpgrades Register<TState>(int currentVersion, Func<JsonNode?, int, JsonNode?> upgrade)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(currentVersion, DefaultVersion);
        ArgumentNullException.ThrowIfNull(upgrade);
        lock (_registrations)
        {
            _registrations[typeof(TState)] = new Registration(currentVersion, upgrade);
        }

        return this;
    }

    /// <summary>Gets the schema version written for a state type.</summary>
    /// <param name="stateType">The state type.</param>
    /// <returns>The registered version, or <see cref="DefaultVersion"/>.</returns>
    public int GetCurrentVersion(Type stateType) => Find(stateType)?.CurrentVersion ?? DefaultVersion;

    /// <summary>Migrates a stored state to the current version of its type.</summary>
    /// <param name="stateType">The state type.</param>
    /// <param name="storedVersion">The version the document carries; lower than the current version.</param>
    /// <param name="state">The stored state.</param>
    /// <returns>The migrated state.</returns>
    internal JsonNode? Upgrade(Type stateType, int storedVersion, JsonNode? state)
    {
        var registration = Find(stateType)
            ?? throw new InvalidOperationException($"No schema upgrade is registered for {stateType.FullName}.");
        return registration.Upgrade(state, storedVersion);
    }

    private Registration? Find(Type stateType)
    {
        lock (_registrations)
        {
            return _registrations.GetValueOrDefault(stateType);
        }
    }

    /// <summary>One registration.</summary>
    /// <param name="CurrentVersion">The version written.</param>
    /// <param name="Upgrade">The migration of older versions.</param>
    private sealed record Registration(int CurrentVersion, Func<JsonNode?, int, JsonNode?> Upgrade);
}
