namespace Reactor.Samples.Commerce.Generator;

/// <summary>One generated event: where it goes and its structured-mode CloudEvents JSON.</summary>
/// <param name="Topic">The destination topic.</param>
/// <param name="Key">The entity id the event is keyed by.</param>
/// <param name="CloudEventJson">The CloudEvents JSON document.</param>
public sealed record GeneratedEvent(string Topic, string Key, ReadOnlyMemory<byte> CloudEventJson);
