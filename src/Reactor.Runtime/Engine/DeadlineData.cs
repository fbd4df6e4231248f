using Reactor.Abstractions;

namespace Reactor.Runtime.Engine;

/// <summary>
/// Stores one armed absence deadline in the entity document (<c>deadlines</c>): the rule, when it is due, and the event
/// that armed it (which becomes the trigger of the decision if the deadline fires).
/// </summary>
public sealed class DeadlineData
{
    /// <summary>The decision detail in which an absence rule's decision records when its deadline was due (round-trip format).</summary>
    public const string DueDetail = "due";

    /// <summary>Gets or sets the id of the absence rule.</summary>
    public required string RuleId { get; set; }

    /// <summary>Gets or sets when the deadline is due: the arming event's time plus the rule's period.</summary>
    public required DateTimeOffset Due { get; set; }

    /// <summary>Gets or sets the CloudEvents id of the arming event.</summary>
    public required string EventId { get; set; }

    /// <summary>Gets or sets the CloudEvents type of the arming event.</summary>
    public required string EventType { get; set; }

    /// <summary>Gets or sets the event time of the arming event.</summary>
    public required DateTimeOffset EventTime { get; set; }

    /// <summary>Gets or sets the log position of the arming event.</summary>
    public required LogPosition Position { get; set; }

    /// <summary>Gets or sets the trace parent of the arming event, if it had one.</summary>
    public string? TraceParent { get; set; }

    /// <summary>Gets or sets a value indicating whether a replay armed the deadline; its reaction then runs without side effects.</summary>
    public bool Replay { get; set; }
}
