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
    /// <exception cref="ArgumentException">There is no evaluation with that id.</exception>
    public static async Task<KafkaShadowStatus> WaitForCompletionAsync(this IKafkaShadowGrain shadows, long id, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shadows);
        while (true)
        {
            var status = await shadows.GetStatusAsync(id) ?? throw new ArgumentException($"There is no shadow evaluation {id}.", nameof(id));
            if (status.IsFinished)
            {
                return status;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }
}
