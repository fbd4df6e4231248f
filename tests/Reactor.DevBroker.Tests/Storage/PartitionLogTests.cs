using Microsoft.Extensions.Logging.Abstractions;
using Reactor.DevBroker.Protocol;
using Reactor.DevBroker.Storage;
using Reactor.DevBroker.Tests.Support;
using Xunit;

namespace Reactor.DevBroker.Tests.Storage;

public sealed class PartitionLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devbroker-log-" + Guid.NewGuid().ToString("N"));
    private readonly DevBrokerOptions _options = new() { SegmentBytes = 1024 * 1024 };

    [Fact]
    public void Append_AssignsConsecutiveOffsets()
    {
        using var log = PartitionLog.Create("t", 0, _directory, _options);
        Assert.Equal(0, log.Append(BatchBuilder.Build(3)).BaseOffset);
        Assert.Equal(3, log.Append(BatchBuilder.Build(2)).BaseOffset);
        Assert.Equal(5, log.HighWatermark);
    }

    [Fact]
    public void Append_IdempotentDuplicate_ReturnsOriginalOffsetWithoutStoringAgain()
    {
        using var log = PartitionLog.Create("t", 0, _directory, _options);
        log.Append(BatchBuilder.Build(2));
        var first = log.Append(BatchBuilder.Build(3, producerId: 7, epoch: 0, baseSequence: 0));
        var retry = log.Append(BatchBuilder.Build(3, producerId: 7, epoch: 0, baseSequence: 0));
        Assert.Equal(KafkaErrorCode.None, retry.Error);
        Assert.Equal(first.BaseOffset, retry.BaseOffset);
        Assert.Equal(5, log.HighWatermark);
        Assert.Equal(5, log.Append(BatchBuilder.Build(1, producerId: 7, epoch: 0, baseSequence: 3)).BaseOffset);
    }

    [Fact]
    public void Append_IdempotentSequenceGap_IsOutOfOrder()
    {
        using var log = PartitionLog.Create("t", 0, _directory, _options);
        log.Append(BatchBuilder.Build(2, producerId: 9, epoch: 0, baseSequence: 0));
        var gap = log.Append(BatchBuilder.Build(1, producerId: 9, epoch: 0, baseSequence: 5));
        Assert.Equal(KafkaErrorCode.OutOfOrderSequenceNumber, gap.Error);
        Assert.Equal(2, log.HighWatermark);
    }

    [Fact]
    public void Load_WithTornTail_TruncatesToLastWholeBatchAndKeepsAppending()
    {
        using (var log = PartitionLog.Create("t", 0, _directory, _options))
        {
            log.Append(BatchBuilder.Build(3));
            log.Append(BatchBuilder.Build(4));
        }

        var segment = Directory.GetFiles(_directory, "*.log").Single();
        var intactLength = new FileInfo(segment).Length;
        var partial = BatchBuilder.Build(5);
        using (var stream = new FileStream(segment, FileMode.Append))
        {
            stream.Write(partial, 0, partial.Length / 2);
        }

        using var reloaded = PartitionLog.Load("t", 0, _directory, _options, NullLogger.Instance);
        Assert.Equal(7, reloaded.HighWatermark);
        Assert.Equal(intactLength, new FileInfo(segment).Length);
        Assert.Equal(7, reloaded.Append(BatchBuilder.Build(1)).BaseOffset);
    }

    [Fact]
    public void Load_WithCorruptLastBatch_DropsIt()
    {
        using (var log = PartitionLog.Create("t", 0, _directory, _options))
        {
            log.Append(BatchBuilder.Build(3));
            log.Append(BatchBuilder.Build(4));
        }

        var segment = Directory.GetFiles(_directory, "*.log").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var reloaded = PartitionLog.Load("t", 0, _directory, _options, NullLogger.Instance);
        Assert.Equal(3, reloaded.HighWatermark);
    }

    [Fact]
    public void Read_FromOffsetInsideBatch_StartsWithThatBatch_AndReturnsAtLeastOneBatch()
    {
        using var log = PartitionLog.Create("t", 0, _directory, _options);
        var first = BatchBuilder.Build(3);
        log.Append(first);
        log.Append(BatchBuilder.Build(3));
        var slice = log.Read(4, maxBytes: 1, atLeastOne: true);
        Assert.Equal(KafkaErrorCode.None, slice.Error);
        Assert.Equal(first.Length, slice.Position);
        Assert.True(slice.Length > 1);
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, log.Read(7, 1000, true).Error);
        Assert.Equal(0, log.Read(6, 1000, true).Length);
    }

    [Fact]
    public void EnforceRetention_BySize_DeletesOldSegmentsAndAdvancesLogStart()
    {
        var options = new DevBrokerOptions { SegmentBytes = 200, RetentionBytes = 400 };
        using var log = PartitionLog.Create("t", 0, _directory, options);
        for (var i = 0; i < 10; i++)
        {
            log.Append(BatchBuilder.Build(2));
        }

        log.EnforceRetention(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.True(log.LogStartOffset > 0);
        Assert.Equal(20, log.HighWatermark);
        Assert.Equal(KafkaErrorCode.OffsetOutOfRange, log.Read(0, 1000, true).Error);
    }

    [Fact]
    public void EnforceRetention_ByTime_DropsEverythingExpired()
    {
        var options = new DevBrokerOptions { RetentionTime = TimeSpan.FromHours(1) };
        using var log = PartitionLog.Create("t", 0, _directory, options);
        log.Append(BatchBuilder.Build(3, baseTimestamp: 1_000));
        log.EnforceRetention(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(3, log.LogStartOffset);
        Assert.Equal(3, log.HighWatermark);
    }

    [Fact]
    public void Append_NotYetWrittenToTheFile_IsReadableFromMemory()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        using var log = PartitionLog.Create("t", 0, _directory, _options, writer);
        var first = BatchBuilder.Build(3);
        var second = BatchBuilder.Build(4);
        log.Append(first);
        log.Append(second);

        // The writer was never started, so nothing has reached the segment file.
        Assert.Equal(0, new FileInfo(Directory.GetFiles(_directory, "*.log").Single()).Length);
        Assert.Equal(first.Length + second.Length, writer.PendingBytes);
        Assert.Equal([.. first, .. second], ReadAll(log, 0));
        Assert.Equal(second, ReadAll(log, 3));
    }

    [Fact]
    public void Append_HoldsAReferenceToTheReceivedBuffer_UntilTheBatchIsWritten()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        using var log = PartitionLog.Create("t", 0, _directory, _options, writer);
        var batch = BatchBuilder.Build(3);
        var frame = new byte[batch.Length + 10];
        batch.CopyTo(frame, 7);
        var shared = SharedBuffer.Wrap(frame);
        log.Append(shared, 7, batch.Length);
        shared.Release();

        // The partition's reference keeps the bytes readable after the receiver let go of its own.
        var slice = log.Read(0, int.MaxValue, atLeastOne: true);
        var bytes = new byte[slice.Length];
        Assert.Equal(bytes.Length, slice.Segment!.Read(slice.Position, bytes));
        Assert.Equal(frame.AsSpan(7, batch.Length).ToArray(), bytes);

        // Writing releases it: the count is back to zero, so one more release is a bug and throws.
        Assert.Equal(batch.Length, log.WritePending());
        Assert.Throws<InvalidOperationException>(shared.Release);
    }

    [Fact]
    public void Read_SpanningFileAndMemory_ReturnsTheBatchesInOrder()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        using var log = PartitionLog.Create("t", 0, _directory, _options, writer);
        var first = BatchBuilder.Build(3);
        log.Append(first);
        Assert.Equal(first.Length, log.WritePending());
        var second = BatchBuilder.Build(2);
        log.Append(second);

        Assert.Equal(first.Length, new FileInfo(Directory.GetFiles(_directory, "*.log").Single()).Length);
        Assert.Equal(second.Length, writer.PendingBytes);
        Assert.Equal([.. first, .. second], ReadAll(log, 0));
    }

    [Fact]
    public void Append_ManySmallAndOneLargeBatch_AreReadableAndWrittenWhole()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        var options = new DevBrokerOptions { SegmentBytes = 64L * 1024 * 1024 };
        var appended = new List<byte>();
        using (var log = PartitionLog.Create("t", 0, _directory, options, writer))
        {
            // About 3.5 MB in batches of ~30 KB and one of ~1.5 MB, all still in memory when read.
            for (var i = 0; i < 100; i++)
            {
                var batch = BatchBuilder.Build(1000);
                log.Append(batch);
                appended.AddRange(batch);
            }

            var big = BatchBuilder.Build(50_000);
            log.Append(big);
            appended.AddRange(big);
            Assert.Equal(appended, ReadAll(log, 0));
        }

        Assert.Equal(0, writer.PendingBytes);
        using var reloaded = PartitionLog.Load("t", 0, _directory, options, NullLogger.Instance);
        Assert.Equal(150_000, reloaded.HighWatermark);
        Assert.Equal(appended, ReadAll(reloaded, 0));
    }

    [Fact]
    public void Append_FarAheadOfAStalledWriter_WritesOnTheAppendingThread_SoMemoryStaysBounded()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        var options = new DevBrokerOptions { SegmentBytes = 256L * 1024 * 1024 };
        using var log = PartitionLog.Create("t", 0, _directory, options, writer);
        var batch = BatchBuilder.Build(50_000);
        long maxPending = 0;
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(KafkaErrorCode.None, log.Append([.. batch]).Error);
            maxPending = Math.Max(maxPending, writer.PendingBytes);
        }

        // The writer was never started, yet the file holds most of the data and memory held at most the limit plus one batch.
        Assert.True(maxPending <= LogWriter.MaxPendingBytesPerPartition + batch.Length, $"{maxPending} bytes were pending");
        Assert.True(new FileInfo(Directory.GetFiles(_directory, "*.log").Single()).Length >= (40L * batch.Length) - LogWriter.MaxPendingBytesPerPartition - batch.Length);
        Assert.Equal(40L * 50_000, log.HighWatermark);
    }

    [Fact]
    public void Dispose_WritesEverythingAppended_SoAReloadServesIt()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        var batches = Enumerable.Range(1, 20).Select(n => BatchBuilder.Build(n)).ToList();
        using (var log = PartitionLog.Create("t", 0, _directory, _options, writer))
        {
            foreach (var batch in batches)
            {
                log.Append(batch);
            }
        }

        Assert.Equal(0, writer.PendingBytes);
        using var reloaded = PartitionLog.Load("t", 0, _directory, _options, NullLogger.Instance);
        Assert.Equal(210, reloaded.HighWatermark);
        Assert.Equal(batches.SelectMany(b => b), ReadAll(reloaded, 0));
    }

    [Fact]
    public async Task StartedWriter_WritesAppendedDataToTheSegmentFile()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        writer.Start();
        using var log = PartitionLog.Create("t", 0, _directory, _options, writer);
        var batches = Enumerable.Range(1, 50).Select(n => BatchBuilder.Build(n)).ToList();
        foreach (var batch in batches)
        {
            log.Append(batch);
        }

        var segment = Directory.GetFiles(_directory, "*.log").Single();
        var total = batches.Sum(b => b.Length);
        await Wait.UntilAsync(() => new FileInfo(segment).Length == total, "the writer to write every appended batch");
        Assert.Equal(batches.SelectMany(b => b), await File.ReadAllBytesAsync(segment));
        Assert.Equal(0, writer.PendingBytes);
    }

    [Fact]
    public void EnforceRetention_DropsOldSegmentsStillInMemory_AndKeepsTheRest()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        var options = new DevBrokerOptions { SegmentBytes = 200, RetentionBytes = 400 };
        var batches = Enumerable.Range(0, 10).Select(_ => BatchBuilder.Build(2)).ToList();
        long logStart;
        using (var log = PartitionLog.Create("t", 0, _directory, options, writer))
        {
            foreach (var batch in batches)
            {
                log.Append(batch);
            }

            log.EnforceRetention(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            logStart = log.LogStartOffset;
            Assert.True(logStart > 0);
            Assert.Equal(KafkaErrorCode.OffsetOutOfRange, log.Read(0, 1000, true).Error);
            Assert.Equal(batches.Skip((int)logStart / 2).SelectMany(b => b), ReadAll(log, logStart));
        }

        Assert.Equal(0, writer.PendingBytes);
        using var reloaded = PartitionLog.Load("t", 0, _directory, options, NullLogger.Instance);
        Assert.Equal(logStart, reloaded.LogStartOffset);
        Assert.Equal(20, reloaded.HighWatermark);
        Assert.Equal(batches.Skip((int)logStart / 2).SelectMany(b => b), ReadAll(reloaded, logStart));
    }

    [Fact]
    public void TrimPageCache_KeepsEveryBatchReadable_AndBoundsWhatIsCountedAsCached()
    {
        using var writer = new LogWriter(NullLogger.Instance, pageCacheBudget: 64 * 1024);
        var options = new DevBrokerOptions { SegmentBytes = 100 * 1024 };
        var appended = new List<byte>();
        using var log = PartitionLog.Create("t", 0, _directory, options, writer);
        for (var i = 0; i < 40; i++)
        {
            var batch = BatchBuilder.Build(200);
            log.Append(batch);
            appended.AddRange(batch);
            log.WritePending();
            writer.TrimPageCache();
        }

        Assert.True(writer.CachedBytes <= writer.PageCacheBudget, $"{writer.CachedBytes} bytes counted as cached");
        Assert.Equal(appended, ReadAll(log, 0));
        Assert.Equal(appended, ReadAll(log, 0));
    }

    [Fact]
    public async Task ConcurrentAppendsWritesAndReads_AlwaysReadWholeIntactBatchesInOffsetOrder()
    {
        using var writer = new LogWriter(NullLogger.Instance);
        writer.Start();
        var options = new DevBrokerOptions { SegmentBytes = 256 * 1024 };
        using var log = PartitionLog.Create("t", 0, _directory, options, writer);
        const int Appends = 3000;
        var appending = Task.Run(() =>
        {
            for (var i = 0; i < Appends; i++)
            {
                log.Append(BatchBuilder.Build(1 + (i % 40)));
            }
        });

        long checkedUpTo = 0;
        var reads = 0;
        while (!appending.IsCompleted || checkedUpTo < log.HighWatermark)
        {
            var slice = log.Read(checkedUpTo, 64 * 1024, atLeastOne: true);
            Assert.Equal(KafkaErrorCode.None, slice.Error);
            if (slice.Segment is null)
            {
                await Task.Yield();
                continue;
            }

            var bytes = new byte[slice.Length];
            Assert.Equal(bytes.Length, slice.Segment.Read(slice.Position, bytes));
            var span = bytes.AsSpan();
            while (span.Length > 0)
            {
                var length = RecordBatch.BatchLength(span) + RecordBatch.LogOverhead;
                Assert.True(RecordBatch.IsIntact(span[..length], checkCrc: true));
                Assert.Equal(checkedUpTo, RecordBatch.BaseOffset(span));
                checkedUpTo = RecordBatch.BaseOffset(span) + RecordBatch.LastOffsetDelta(span) + 1;
                span = span[length..];
            }

            reads++;
        }

        await appending;
        Assert.Equal(Enumerable.Range(0, Appends).Sum(i => 1L + (i % 40)), checkedUpTo);
        Assert.True(reads > 0);
    }

    private static byte[] ReadAll(PartitionLog log, long offset)
    {
        var result = new List<byte>();
        while (offset < log.HighWatermark)
        {
            var slice = log.Read(offset, int.MaxValue, atLeastOne: true);
            Assert.Equal(KafkaErrorCode.None, slice.Error);
            Assert.NotNull(slice.Segment);
            var bytes = new byte[slice.Length];
            Assert.Equal(bytes.Length, slice.Segment.Read(slice.Position, bytes));
            result.AddRange(bytes);
            var span = bytes.AsSpan();
            while (span.Length > 0)
            {
                offset = RecordBatch.BaseOffset(span) + RecordBatch.LastOffsetDelta(span) + 1;
                span = span[(RecordBatch.BatchLength(span) + RecordBatch.LogOverhead)..];
            }
        }

        return [.. result];
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
