using Orleans.Streams;

namespace Reactor.Streaming.Kafka.Tests.Cache;

/// <summary>
/// Drives a cursor the way the Orleans 10.4.2 pulling agent does in <c>RunConsumerCursor</c>/<c>GetBatchForConsumer</c>:
/// a batch is up to <c>BatchContainerBatchSize</c> successful moves, ended early by a move that finds no data; the agent
/// asks for the next batch only after delivering the previous one.
/// </summary>
internal static class AgentDeliveryLoop
{
    public static List<TestBatchContainer> NextBatch(IQueueCacheCursor cursor, int batchSize)
    {
        var batch = new List<TestBatchContainer>();
        while (batch.Count < batchSize)
        {
            var moved = cursor.MoveNextWithResult();
            if (moved.Kind != QueueCacheCursorMoveResultKind.Success)
            {
                Assert.Equal(QueueCacheCursorMoveResultKind.NoData, moved.Kind);
                break;
            }

            batch.Add((TestBatchContainer)cursor.GetCurrent(out var exception)!);
            Assert.Null(exception);
        }

        return batch;
    }

    /// <summary>Delivers batches until the cursor has no data, as the agent does after a wake-up.</summary>
    public static List<TestBatchContainer> DrainAll(IQueueCacheCursor cursor, int batchSize)
    {
        var all = new List<TestBatchContainer>();
        while (true)
        {
            var batch = NextBatch(cursor, batchSize);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
        }
    }
}
