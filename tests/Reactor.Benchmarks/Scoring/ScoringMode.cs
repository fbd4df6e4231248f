namespace Reactor.Benchmarks.Scoring;

/// <summary>How one cell of the scoring benchmark scores a row.</summary>
internal enum ScoringMode
{
    /// <summary>The baseline: <c>InferenceSession.Run</c> on one row, called directly.</summary>
    DirectRun,

    /// <summary><c>ctx.Score</c> with micro-batching off (the default).</summary>
    Score,

    /// <summary><c>ctx.Score</c> with micro-batching on: up to 64 rows per run, no added wait.</summary>
    ScoreBatched,

    /// <summary><c>ctx.Score</c> with micro-batching on: up to 64 rows per run, waiting up to 1 ms for more.</summary>
    ScoreBatchedWithDelay,
}
