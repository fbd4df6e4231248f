using Reactor.Streaming.Kafka.Providers;

namespace Reactor.Streaming.Kafka.Tests.Providers;

public sealed class CheckpointPacingTests
{
    [Fact]
    public void Requests_are_split_into_small_groups_spread_over_the_budget()
    {
        var pacing = CheckpointPacing.Plan(count: 1_250, maxConcurrent: 256, budget: TimeSpan.FromMilliseconds(2_500));

        Assert.Equal(10, pacing.GroupSize);
        Assert.Equal(TimeSpan.FromMilliseconds(20), pacing.Gap);
        Assert.Equal(TimeSpan.FromMilliseconds(2_480), pacing.StartOf(124));
    }

    [Fact]
    public void Groups_are_never_closer_than_the_minimum_gap()
    {
        var pacing = CheckpointPacing.Plan(count: 1_000, maxConcurrent: 256, budget: TimeSpan.FromMilliseconds(100));

        Assert.Equal(200, pacing.GroupSize);
        Assert.Equal(TimeSpan.FromMilliseconds(20), pacing.Gap);
    }

    [Fact]
    public void Group_size_stays_within_the_concurrency_limit_even_when_the_budget_is_short()
    {
        var pacing = CheckpointPacing.Plan(count: 100_000, maxConcurrent: 256, budget: TimeSpan.FromMilliseconds(100));

        Assert.Equal(256, pacing.GroupSize);
        Assert.True(pacing.Gap < CheckpointPacing.MinimumGap, $"gap {pacing.Gap}");
        Assert.InRange(pacing.StartOf(390), TimeSpan.FromMilliseconds(99), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Fewer_entities_than_slots_get_one_group_each()
    {
        var pacing = CheckpointPacing.Plan(count: 5, maxConcurrent: 256, budget: TimeSpan.FromSeconds(1));

        Assert.Equal(1, pacing.GroupSize);
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacing.Gap);
    }

    [Theory]
    [InlineData(0, 2_500)]
    [InlineData(1, 2_500)]
    [InlineData(1_000, 0)]
    [InlineData(1_000, 30)]
    public void A_single_entity_or_a_budget_too_short_to_split_asks_at_once(int count, int budgetMs)
    {
        var pacing = CheckpointPacing.Plan(count, maxConcurrent: 64, budget: TimeSpan.FromMilliseconds(budgetMs));

        Assert.Equal(new CheckpointPacing(64, TimeSpan.Zero), pacing);
    }
}
