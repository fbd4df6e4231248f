namespace Reactor.Runtime;

/// <summary>
/// Subscribes an entity grain to a topic: every event on the topic keyed by this entity's id is delivered
/// to it (an Orleans implicit stream subscription; stream namespace = topic, stream key = entity id).
/// </summary>
/// <param name="topic">The topic (stream namespace).</param>
public sealed class ReactsToAttribute(string topic) : ImplicitStreamSubscriptionAttribute(topic)
{
    /// <summary>Gets the topic.</summary>
    public string Topic { get; } = topic;
}
