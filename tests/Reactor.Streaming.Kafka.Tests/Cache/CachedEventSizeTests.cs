using Reactor.Abstractions;
using Reactor.Streaming.Kafka.Cache;
using Reactor.Streaming.Kafka.Providers;

namespace Reactor.Streaming.Kafka.Tests.Cache;

[Trait("Suite", "Cache")]
public sealed class CachedEventSizeTests
{
    private static KafkaBatchContainer Container(ReadOnlyMemory<byte> data) =>
        new(
            StreamId.Create("orders", "c-1"),
            new EventEnvelope
            {
                Id = "1",
                Source = "/tests",
                Type = "order.placed",
                EntityId = "c-1",
                Position = new LogPosition("orders", 0, 1),
                Data = data,
            },
            generation: 0,
            sequence: 1);

    [Fact]
    public void Event_with_its_own_data_counts_the_overhead_and_the_data()
    {
        Assert.Equal(CachedEventSize.OverheadBytes + 1_000, CachedEventSize.Estimate(Container(new byte[1_000])));
    }

    [Fact]
    public void Event_whose_data_is_a_slice_of_its_record_counts_the_whole_record()
    {
        var record = new byte[4_000];

        Assert.Equal(CachedEventSize.OverheadBytes + 4_000, CachedEventSize.Estimate(Container(record.AsMemory(100, 50))));
    }

    [Fact]
    public void Other_containers_count_the_overhead()
    {
        Assert.Equal(CachedEventSize.OverheadBytes, CachedEventSize.Estimate(TestBatchContainer.For("a", 0)));
    }
}
