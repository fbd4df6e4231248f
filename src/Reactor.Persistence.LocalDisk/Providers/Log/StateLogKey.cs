namespace Reactor.Persistence.LocalDisk.Providers.Log;

/// <summary>Identifies one stored state in the state log: a state name of a grain.</summary>
/// <param name="StateName">The state name.</param>
/// <param name="GrainId">The grain id (type and key).</param>
internal readonly record struct StateLogKey(string StateName, GrainId GrainId)
{
    /// <inheritdoc />
    public override string ToString() => $"state '{StateName}' of grain {GrainId}";
}
