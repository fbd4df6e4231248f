using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>Runs shadow evaluations from a silo or a cluster client.</summary>
public static class KafkaShadowExtensions
{
    /// <summary>Gets the shadow evaluation API of a Kafka stream provider.</summary>
    /// <param name="grains">The grain factory (a silo's or a cluster client's).</param>
    /// <param name="providerName">The provider name given to <c>AddKafkaStreams</c>.</param>
    /// <returns>The provider's shadow grain.</returns>
    public static IKafkaShadowGrain GetKafkaShadows(this IGrainFactory grains, string providerName)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        return grains.GetGrain<IKafkaShadowGrain>(providerName);
    }

    /// <summary>Polls an evaluation until it has stopped (completed, failed or cancelled).</summary>
    /// <param name="shadows">The provider's shadow grain.</param>
    /// <param name="id">The evaluation's id.</param>
    /// <param name="pollInterval">The time between reads.</param>
    /// <param name="cancellationToken">Stops waiting (the evaluation goes on).</param>
    /// <returns>The last status.</returns>
    /// <remarks>
    /// A read that times out or is rejected because the shadow grain's silo went away is retried; after five such
    /// failures in a row the last one is thrown.
    /// </remarks>
    /// <exception cref="ArgumentException">There is no evaluation with that id.</exception>
    public static Task<KafkaShadowStatus> WaitForCompletionAsync(this IKafkaShadowGrain shadows, long id, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        return StatusPolling.UntilDoneAsync(
            async () => await shadows.GetStatusAsync(id) ?? throw new ArgumentException($"There is no shadow evaluation {id}.", nameof(id)),
            status => status.IsFinished,
            progress: null,
            pollInterval,
            cancellationToken);
    }
}
