namespace Orleans.Configuration;

/// <summary>Chooses how a Kafka stream provider hands events to the grains that react to a topic.</summary>
public enum KafkaDelivery
{
    /// <summary>
    /// Straight to the entity grains (every <c>EntityGrain</c> type with <c>[ReactsTo]</c> for the topic), one grain call per
    /// entity carrying the events that arrived since its previous call. Topics that some grain other than an entity also
    /// subscribes to (an <c>[ImplicitStreamSubscription]</c> of its own) go through stream subscriptions instead, so those
    /// grains still receive them. The default.
    /// </summary>
    Direct = 0,

    /// <summary>Through Orleans stream subscriptions for every topic: the pulling agent delivers from the provider's cache.</summary>
    StreamSubscriptions = 1,
}
