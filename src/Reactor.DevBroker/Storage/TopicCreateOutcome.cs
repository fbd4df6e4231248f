using Reactor.DevBroker.Protocol;

namespace Reactor.DevBroker.Storage;

/// <summary>Reports the result of creating a topic.</summary>
/// <param name="Error">The error, or <see cref="KafkaErrorCode.None"/>.</param>
/// <param name="Message">A message explaining the error, if any.</param>
/// <param name="Topic">The topic, existing or created, when there is one.</param>
internal readonly record struct TopicCreateOutcome(KafkaErrorCode Error, string? Message, TopicLog? Topic);
