namespace Reactor.Streaming.Kafka.Replay;

/// <summary>Rewinds Kafka topics from a silo or a cluster client.</summary>
public static class KafkaRewindExtensions
{
    /// <summary>Gets the rewind API of a Kafka stream provider.</summary>
    /// <param name="grains">The grain factory (a silo's or a cluster client's).</param>
    /// <param name="providerName">The provider name given to <c>AddKafkaStreams</c>.</param>
    /// <returns>The provider's rewind grain.</returns>
    public static IKafkaRewindGrain GetKafkaRewinds(this IGrainFactory grains, string providerName)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        return grains.GetGrain<IKafkaRewindGrain>(providerName);
    }

    /// <summary>Polls a rewind until every partition has replayed, reporting each status it reads.</summary>
    /// <param name="rewinds">The provider's rewind grain.</param>
    /// <param name="id">The rewind's id.</param>
    /// <param name="progress">Receives each status read, or <see langword="null"/>.</param>
    /// <param name="pollInterval">The time between reads.</param>
    /// <param name="cancellationToken">Stops waiting (the rewind goes on).</param>
    /// <returns>The completed status.</returns>
    /// <remarks>
    /// A read that times out or is rejected because the rewind grain's silo went away is retried (the rewind itself
    /// continues on the survivors); after five such failures in a row the last one is thrown.
    /// </remarks>
    /// <exception cref="ArgumentException">There is no rewind with that id.</exception>
    public static Task<KafkaRewindStatus> WaitForCompletionAsync(
        this IKafkaRewindGrain rewinds,
        long id,
        IProgress<KafkaRewindStatus>? progress,
        TimeSpan pollInterval,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewinds);
        return StatusPolling.UntilDoneAsync(
            async () => await rewinds.GetStatusAsync(id) ?? throw new ArgumentException($"There is no rewind {id}.", nameof(id)),
            status => status.IsComplete,
            progress,
            pollInterval,
            cancellationToken);
    }
}
