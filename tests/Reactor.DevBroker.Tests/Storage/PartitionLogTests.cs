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

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
