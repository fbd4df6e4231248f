using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Metadata;
using Orleans.Streams;
using Reactor.Abstractions;

namespace Reactor.Runtime.Grains;

/// <summary>
/// Knows which entity grain types react to each topic (their <see cref="ReactsToAttribute"/>s), so a transport
/// can reach every entity that received an event, for example to ask it to flush before committing offsets.
/// </summary>
public sealed class EntitySubscriptions
{
    private readonly FrozenDictionary<string, GrainType[]> _byTopic;
    private readonly IGrainFactory _grains;
    private readonly GrainInterfaceType _entityInterface;
    private readonly GrainInterfaceType _deliveryInterface;
    private readonly IStreamNamespacePredicate[] _otherSubscriptions;

    /// <summary>Builds the map from the silo's grain classes.</summary>
    /// <param name="grainTypes">The grain classes the silo hosts.</param>
    /// <param name="resolver">Resolves a grain class to its grain type.</param>
    /// <param name="grains">Creates grain references.</param>
    /// <param name="interfaces">Resolves <see cref="IEntityGrain"/> to its interface type once, so creating references needs no reflection.</param>
    public EntitySubscriptions(IOptions<GrainTypeOptions> grainTypes, GrainTypeResolver resolver, IGrainFactory grains, GrainInterfaceTypeResolver interfaces)
    {
        ArgumentNullException.ThrowIfNull(grainTypes);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(interfaces);
        _grains = grains;
        _entityInterface = interfaces.GetGrainInterfaceType(typeof(IEntityGrain));
        _deliveryInterface = interfaces.GetGrainInterfaceType(typeof(IEntityDelivery));
        _otherSubscriptions = grainTypes.Value.Classes
            .Where(type => !typeof(IEntityDelivery).IsAssignableFrom(type))
            .SelectMany(type => type.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>(inherit: true))
            .Select(a => a.Predicate)
            .ToArray();
        _byTopic = grainTypes.Value.Classes
            .SelectMany(type => type.GetCustomAttributes<ReactsToAttribute>().Select(a => (a.Topic, GrainType: resolver.GetGrainType(type))))
            .GroupBy(x => x.Topic, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.GrainType).Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Gets the topics some entity type reacts to.</summary>
    public IEnumerable<string> Topics => _byTopic.Keys;

    /// <summary>Gets the grain types that react to <paramref name="topic"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The types; empty when none reacts to it.</returns>
    public IReadOnlyList<GrainType> TypesFor(string topic) => _byTopic.TryGetValue(topic, out var types) ? types : [];

    /// <summary>
    /// Gets whether every grain that subscribes to <paramref name="topic"/> implicitly is an entity, so a transport may
    /// hand its events to the entities directly (<see cref="IEntityDelivery"/>) instead of through stream subscriptions.
    /// </summary>
    /// <param name="topic">The topic (stream namespace).</param>
    /// <returns><see langword="true"/> when some entity type reacts to the topic and no other grain class subscribes to it.</returns>
    public bool OnlyEntitiesReactTo(string topic) => _byTopic.ContainsKey(topic) && !_otherSubscriptions.Any(p => p.IsMatch(topic));

    /// <summary>Gets the delivery endpoints of the entities of every type that reacts to <paramref name="topic"/> with the id <paramref name="entityId"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="entityId">The entity id (the Kafka key or subject).</param>
    /// <returns>One reference per reacting entity type; empty when no type reacts to the topic.</returns>
    public IEntityDelivery[] DeliveryTargetsFor(string topic, string entityId)
    {
        if (!_byTopic.TryGetValue(topic, out var types))
        {
            return [];
        }

        var targets = new IEntityDelivery[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            targets[i] = (IEntityDelivery)_grains.GetGrain(GrainId.Create(types[i], entityId), _deliveryInterface);
        }

        return targets;
    }

    /// <summary>Gets the entities of every type that reacts to <paramref name="topic"/> with the id <paramref name="entityId"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="entityId">The entity id (the stream key).</param>
    /// <returns>One reference per reacting entity type; none when no type reacts to the topic.</returns>
    public IEnumerable<IEntityGrain> EntitiesFor(string topic, string entityId) =>
        _byTopic.TryGetValue(topic, out var types)
            ? types.Select(type => (IEntityGrain)_grains.GetGrain(GrainId.Create(type, entityId), _entityInterface))
            : [];
}
