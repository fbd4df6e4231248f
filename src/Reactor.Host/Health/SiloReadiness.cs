namespace Reactor.Host.Health;

/// <summary>
/// Tracks whether the silo's stream pulling agents have started: Orleans starts them in the silo's
/// <see cref="ServiceLifecycleStage.Active"/> stage, so this participant's later stage runs once they have, and its
/// stop runs first when the silo stops, before the agents drain.
/// </summary>
internal sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _streamsRunning;

    /// <summary>Gets a value indicating whether the silo's stream receivers are running and the silo is not stopping.</summary>
    public bool StreamsRunning => _streamsRunning;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SiloReadiness),
            ServiceLifecycleStage.Active + 1,
            _ =>
            {
                _streamsRunning = true;
                return Task.CompletedTask;
            },
            _ =>
            {
                _streamsRunning = false;
                return Task.CompletedTask;
            });
}
