using Orleans.Metadata;
using Reactor.Abstractions;

namespace Reactor.Host.Api;

/// <summary>Finds the entity grain of an entity type (the Orleans grain type, for example <c>customer</c>) and id.</summary>
internal sealed class EntityResolver(IGrainFactory grains, GrainClassMap classes)
{
    /// <summary>Gets the entity's grain, or <see langword="null"/> when no entity grain class has that grain type.</summary>
    public IEntityGrain? Find(string entityType, string entityId)
    {
        var grainType = GrainType.Create(entityType);
        if (!classes.TryGetGrainClass(grainType, out var grainClass) || !typeof(IEntityGrain).IsAssignableFrom(grainClass))
        {
            return null;
        }

        return grains.GetGrain<IEntityGrain>(GrainId.Create(grainType, entityId));
    }
}
