using Confluent.Kafka;

namespace Reactor.Streaming.Kafka.Egress;

/// <summary>Reports that Kafka did not acknowledge a record Reactor produced; the message names the topic.</summary>
public sealed class KafkaEgressException : Exception
{
    /// <summary>Creates the exception without details.</summary>
    public KafkaEgressException()
        : this("Producing to Kafka failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The explanation.</param>
    public KafkaEgressException(string message)
        : base(message)
    {
        Topic = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The cause.</param>
    public KafkaEgressException(string message, Exception innerException)
        : base(message, innerException)
    {
        Topic = string.Empty;
    }

    /// <summary>Creates the exception for a record that <paramref name="topic"/> did not acknowledge.</summary>
    /// <param name="topic">The destination topic.</param>
    /// <param name="error">The client's error.</param>
    /// <param name="innerException">The client's exception.</param>
    public KafkaEgressException(string topic, Error error, Exception innerException)
        : base($"Producing to Kafka topic '{topic}' failed: {error?.Reason} ({error?.Code}{(error?.IsFatal == true ? ", fatal: the producer must be recreated" : string.Empty)}).", innerException)
    {
        Topic = topic;
        Error = error;
    }

    /// <summary>Gets the destination topic; empty when not known.</summary>
    public string Topic { get; }

    /// <summary>Gets the Kafka client's error, when there was one. <see cref="Error.IsFatal"/> means the producer cannot be used again.</summary>
    public Error? Error { get; }
}
