using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.Samples.Commerce.Events;
using Reactor.Samples.Commerce.Generator;

namespace Reactor.Samples.Commerce.Tests.Generator;

public sealed class CommerceEventGeneratorTests
{
    [Fact]
    public void Same_seed_gives_the_same_entities_and_types()
    {
        var a = new CommerceEventGenerator(100, seed: 7, TimeProvider.System);
        var b = new CommerceEventGenerator(100, seed: 7, TimeProvider.System);

        for (var i = 0; i < 1_000; i++)
        {
            var x = a.Next();
            var y = b.Next();
            Assert.Equal((x.Topic, x.Key, TypeOf(x)), (y.Topic, y.Key, TypeOf(y)));
        }
    }

    [Fact]
    public void Generated_events_are_valid_cloudevents_of_registered_types_covering_the_mix()
    {
        var registry = CommerceRegistry();
        var decoder = new CloudEventDecoder(registry);
        var generator = new CommerceEventGenerator(50, seed: 3, TimeProvider.System);
        var types = new HashSet<string>();

        for (var i = 0; i < 5_000; i++)
        {
            var next = generator.Next();
            var decoded = decoder.Decode(next.CloudEventJson, next.Key, new LogPosition(next.Topic, 0, i), DateTimeOffset.UtcNow);
            Assert.True(decoded.IsValid, decoded.Detail);
            registry.TryGetType(decoded.Envelope.Type, out var type);
            Assert.NotNull(JsonSerializer.Deserialize(decoded.Envelope.Data.Span, type!, ReactorJson.Options));
            types.Add(decoded.Envelope.Type);
        }

        Assert.Equal(
            [CommerceEventTypes.CartUpdated, CommerceEventTypes.CheckoutCompleted, CommerceEventTypes.PaymentFailed, CommerceEventTypes.PaymentSucceeded, CommerceEventTypes.SignedIn],
            types.Order());
    }

    [Fact]
    public void Invalid_ratio_produces_events_reactor_rejects()
    {
        var decoder = new CloudEventDecoder(CommerceRegistry());
        var generator = new CommerceEventGenerator(50, seed: 3, TimeProvider.System, invalidRatio: 1);

        var rejected = Enumerable.Range(0, 30)
            .Select(i => generator.Next())
            .Count(e => !decoder.Decode(e.CloudEventJson, e.Key, new LogPosition(e.Topic, 0, 0), DateTimeOffset.UtcNow).IsValid);

        Assert.InRange(rejected, 1, 30);
    }

    private static EventTypeRegistry CommerceRegistry()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Orleans.Hosting.ReactorServiceCollectionExtensions.AddReactor(services, r => r.AddCommerceEventTypes());
        return (EventTypeRegistry)services.Single(d => d.ServiceType == typeof(EventTypeRegistry)).ImplementationInstance!;
    }

    private static string TypeOf(GeneratedEvent e)
    {
        using var json = JsonDocument.Parse(e.CloudEventJson);
        return json.RootElement.GetProperty("type").GetString()!;
    }
}
