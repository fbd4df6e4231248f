using Reactor.Abstractions;
using Reactor.Inference.Agents;
using Reactor.Inference.Tests.Kafka;
using Reactor.Testing;

namespace Reactor.Inference.Tests;

/// <summary>A rule that starts an agent, tested with the test kit: no model, no silo, the agent run captured as an action.</summary>
public sealed class TestKitAgentTests
{
    [Fact]
    public async Task Agent_started_by_a_rule_is_captured_by_the_test_kit_with_its_input()
    {
        var kit = EntityTestKit<Basket>.ForGrain<BasketGrain>(r => r.AddEventType<ItemAdded>(OutageTopics.ItemType), entityId: "b1");

        await kit.Send(new ItemAdded("a"), new ItemAdded("b"), new ItemAdded("c"));

        var run = Assert.IsType<AgentRun>(Assert.Single(kit.Actions));
        Assert.Equal((OutageTopics.Agent, "b1"), (run.Agent, run.EntityId));
        Assert.Equal("a,b,c", run.Input.GetProperty("note").GetString());
        var action = Assert.Single(Assert.Single(kit.Decisions).Actions);
        Assert.Equal(("agent", OutageTopics.Agent, ActionOutcome.Succeeded), (action.Kind, action.Target, action.Outcome));
    }
}
