namespace Reactor.Runtime.Shadow;

/// <summary>The time a shadow evaluation's engine sees: the latest event time it has read, so rules and deadlines run on history's time.</summary>
internal sealed class ShadowClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.MinValue;

    public override DateTimeOffset GetUtcNow() => _now;

    public void AdvanceTo(DateTimeOffset time)
    {
        if (time > _now)
        {
            _now = time;
        }
    }
}
