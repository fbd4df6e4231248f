using Orleans.Configuration;
using Reactor.Streaming.Kafka.Hosting;

namespace Reactor.Streaming.Kafka.Tests.Hosting;

public sealed class KafkaStreamOptionsValidatorTests
{
    [Fact]
    public void Valid_options_pass()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.95)]
    [InlineData(double.NaN)]
    public void A_checkpoint_spread_outside_0_to_0_9_is_rejected_by_name(double spread)
    {
        var result = Validate(o => o.CheckpointSpread = spread);

        Assert.True(result.Failed);
        Assert.Contains("Kafka stream provider 'kafka': KafkaStreamOptions.CheckpointSpread must be between 0 and 0.9", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.9)]
    public void The_ends_of_the_checkpoint_spread_range_are_accepted(double spread)
    {
        Assert.True(Validate(o => o.CheckpointSpread = spread).Succeeded);
    }

    [Fact]
    public void An_unknown_delivery_is_rejected_by_name()
    {
        var result = Validate(o => o.Delivery = (KafkaDelivery)7);

        Assert.True(result.Failed);
        Assert.Contains("KafkaStreamOptions.Delivery must be Direct or StreamSubscriptions (was 7)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KafkaDelivery.Direct)]
    [InlineData(KafkaDelivery.StreamSubscriptions)]
    public void Both_deliveries_are_accepted(KafkaDelivery delivery)
    {
        Assert.True(Validate(o => o.Delivery = delivery).Succeeded);
    }

    [Fact]
    public void Every_broken_setting_is_named_in_one_message()
    {
        var result = Validate(o =>
        {
            o.CheckpointInterval = TimeSpan.Zero;
            o.MaxConcurrentFlushes = 0;
        });

        Assert.Contains("KafkaStreamOptions.CheckpointInterval must be positive", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("KafkaStreamOptions.MaxConcurrentFlushes must be at least 1", result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Action<KafkaStreamOptions> change)
    {
        var options = new KafkaStreamOptions();
        options.Consumer.BootstrapServers = "127.0.0.1:9092";
        options.Consumer.GroupId = "reactor";
        options.Topics.Add(new KafkaTopicOptions { Name = "orders" });
        change(options);
        return new KafkaStreamOptionsValidator("kafka").Validate("kafka", options);
    }
}
