namespace Reactor.Streaming.Kafka.Providers;

/// <summary>What a checkpoint learned from the entities it asked; a worse outcome (higher value) wins.</summary>
internal enum FlushOutcome
{
    /// <summary>Every entity has its events in storage: the offset may be committed.</summary>
    Durable = 0,

    /// <summary>Every entity has the events, but some are still writing them (or were reset by a rewind this reader has yet to start): commit at a later checkpoint.</summary>
    Pending = 1,

    /// <summary>An entity could not be asked: try again at the next interval.</summary>
    Failed = 2,

    /// <summary>An entity lost events it was given: deliver again from the last commit.</summary>
    Lost = 3,
}
