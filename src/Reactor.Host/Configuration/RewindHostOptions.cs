using Reactor.Streaming.Kafka.Replay;

namespace Reactor.Host.Configuration;

/// <summary>
/// Asks the host to rewind its Kafka topics once it has started (section <c>Reactor:Rewind</c>): entities are rebuilt from
/// the replayed events, and the host prints the rewind's progress until it completes. Asking again for the same rewind
/// (a restarted pod with the same settings) does not start another one.
/// </summary>
public sealed class RewindHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reactor:Rewind";

    /// <summary>Gets or sets where to rewind to: <c>earliest</c>, an offset, or an ISO 8601 time. Default: none (no rewind).</summary>
    public string? Target { get; set; }

    /// <summary>Gets or sets the topics to rewind, comma-separated. Default: every topic the host reads.</summary>
    public string? Topics { get; set; }

    /// <summary>Gets or sets the one entity to rebuild. Default: every entity of the topics.</summary>
    public string? EntityId { get; set; }

    /// <summary>Gets or sets how often progress is printed. Default: 2 seconds.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Builds the rewind request these settings ask for.</summary>
    /// <param name="knownTopics">The topics the host reads.</param>
    /// <returns>The request, or <see langword="null"/> when no rewind is asked for.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; the message names it.</exception>
    public KafkaRewindRequest? ToRequest(IReadOnlyCollection<string> knownTopics)
    {
        if (string.IsNullOrWhiteSpace(Target))
        {
            return null;
        }

        var failures = new List<string>();
        KafkaRewindTarget? target = null;
        try
        {
            target = KafkaRewindTarget.Parse(Target);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            failures.Add($"{SectionName}:Target: {ex.Message}");
        }

        var topics = (Topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = topics.Except(knownTopics, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            failures.Add($"{SectionName}:Topics names {string.Join(", ", unknown)}, which the host does not read; it reads {string.Join(", ", knownTopics)}.");
        }

        if (EntityId is not null && string.IsNullOrWhiteSpace(EntityId))
        {
            failures.Add($"{SectionName}:EntityId must not be blank; leave it out to rebuild every entity.");
        }

        if (ProgressInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{SectionName}:ProgressInterval must be at least 00:00:00.1 (was {ProgressInterval}).");
        }

        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(SectionName, typeof(RewindHostOptions), failures);
        }

        return new KafkaRewindRequest { Target = target!, Topics = topics, EntityId = EntityId };
    }
}
