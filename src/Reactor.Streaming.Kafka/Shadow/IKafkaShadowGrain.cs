namespace Reactor.Streaming.Kafka.Shadow;

/// <summary>
/// Runs shadow evaluations over the topics of one Kafka stream provider (the grain key is the provider name): each reads a
/// range of history with a consumer of its own that never commits, folds it into fresh in-memory entity state with
/// candidate rules or models and side effects off, and compares the decisions with the decision log. Live entities,
/// their storage and the provider's consumer group are untouched. Evaluations live in the memory of the silo that holds
/// this grain: a restart of that silo loses them.
/// </summary>
[Alias("reactor.kafka.IKafkaShadowGrain")]
public interface IKafkaShadowGrain : IGrainWithStringKey
{
    /// <summary>Starts an evaluation; follow it with <see cref="GetStatusAsync"/>.</summary>
    /// <param name="request">The entity type, range, candidates and model overrides.</param>
    /// <returns>The evaluation's status, with its id.</returns>
    /// <exception cref="ArgumentException">The entity type, a topic or a candidate rule is unknown, or the range is empty.</exception>
    /// <exception cref="InvalidOperationException">The silo has no decision log to compare with.</exception>
    Task<KafkaShadowStatus> StartAsync(KafkaShadowRequest request);

    /// <summary>Reports an evaluation's progress, and its report once complete.</summary>
    /// <param name="id">The evaluation's id.</param>
    /// <returns>The status, or <see langword="null"/> when there is no such evaluation.</returns>
    Task<KafkaShadowStatus?> GetStatusAsync(long id);

    /// <summary>Lists the evaluations, oldest first, without their reports' diff entries.</summary>
    /// <returns>Their statuses.</returns>
    Task<IReadOnlyList<KafkaShadowStatus>> ListAsync();

    /// <summary>Cancels a running evaluation.</summary>
    /// <param name="id">The evaluation's id.</param>
    /// <returns>The status, or <see langword="null"/> when there is no such evaluation.</returns>
    Task<KafkaShadowStatus?> CancelAsync(long id);
}
