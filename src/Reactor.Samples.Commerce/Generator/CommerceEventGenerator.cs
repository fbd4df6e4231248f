using System.Globalization;
using System.Text;
using System.Text.Json;
using Reactor.Abstractions;
using Reactor.Runtime.Events;
using Reactor.Samples.Commerce.Events;

namespace Reactor.Samples.Commerce.Generator;

/// <summary>
/// Generates a realistic, reproducible mix of commerce events for a population of customers: cart changes,
/// checkouts, sign-ins (some from new devices), successful payments, and bursts of failed payments that trip
/// the fraud rule. With <c>invalidRatio</c> above zero it also produces malformed events, which Reactor
/// dead-letters.
/// </summary>
public sealed class CommerceEventGenerator
{
    private static readonly string[] Countries = ["DE", "FR", "NL", "US", "GB", "ES", "PL", "BR"];
    private static readonly string[] FailureReasons = ["insufficient-funds", "card-declined", "expired-card", "3ds-failed"];
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly int _customers;
    private readonly double _invalidRatio;
    private readonly Queue<GeneratedEvent> _pending = new();
    private readonly Dictionary<int, int> _sessionNumbers = [];
    private long _sequence;

    /// <summary>Creates a generator.</summary>
    /// <param name="customers">How many distinct customers to generate events for.</param>
    /// <param name="seed">The random seed; the same seed gives the same sequence of entities and kinds.</param>
    /// <param name="time">The clock that stamps event times.</param>
    /// <param name="invalidRatio">The fraction of events that are deliberately malformed (0 to 1).</param>
    public CommerceEventGenerator(int customers, int seed, TimeProvider time, double invalidRatio = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(invalidRatio, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(invalidRatio, 1);
        _customers = customers;
        _random = new Random(seed);
        _time = time;
        _invalidRatio = invalidRatio;
    }

    /// <summary>Generates the next event.</summary>
    /// <returns>The event.</returns>
    public GeneratedEvent Next()
    {
        if (_pending.Count > 0)
        {
            return _pending.Dequeue();
        }

        if (_invalidRatio > 0 && _random.NextDouble() < _invalidRatio)
        {
            return Invalid();
        }

        var customer = _random.Next(_customers);
        var customerId = CustomerId(customer);
        var roll = _random.Next(100);
        return roll switch
        {
            < 38 => CartChange(customer),
            < 48 => Checkout(customer),
            < 68 => SignIn(customerId),
            < 88 => Event(CommerceTopics.Payments, customerId, CommerceEventTypes.PaymentSucceeded, new PaymentSucceeded(customerId, Money(5, 400))),
            < 98 => Event(CommerceTopics.Payments, customerId, CommerceEventTypes.PaymentFailed, new PaymentFailed(customerId, Money(5, 400), Pick(FailureReasons))),
            _ => FailedPaymentBurst(customerId),
        };
    }

    /// <summary>Formats the id of customer number <paramref name="index"/>.</summary>
    /// <param name="index">The customer's number.</param>
    /// <returns>The id, for example <c>c-000042</c>.</returns>
    public static string CustomerId(int index) => string.Create(CultureInfo.InvariantCulture, $"c-{index:D6}");

    private GeneratedEvent CartChange(int customer)
    {
        var sessionId = SessionId(customer);
        var sku = string.Create(CultureInfo.InvariantCulture, $"sku-{_random.Next(500):D3}");
        var quantity = _random.Next(10) == 0 ? 0 : _random.Next(1, 4);
        var price = _random.Next(20) == 0 ? Money(400, 1500) : Money(2, 150);
        return Event(CommerceTopics.Carts, sessionId, CommerceEventTypes.CartUpdated, new CartUpdated(sessionId, CustomerId(customer), sku, quantity, price));
    }

    private GeneratedEvent Checkout(int customer)
    {
        var sessionId = SessionId(customer);
        _sessionNumbers[customer] = _sessionNumbers.GetValueOrDefault(customer) + 1;
        var orderId = string.Create(CultureInfo.InvariantCulture, $"o-{Interlocked.Increment(ref _sequence):D8}");
        return Event(CommerceTopics.Carts, sessionId, CommerceEventTypes.CheckoutCompleted, new CheckoutCompleted(sessionId, CustomerId(customer), orderId, Money(10, 900)));
    }

    private GeneratedEvent SignIn(string customerId)
    {
        // Most sign-ins come from one of a customer's two usual devices; one in ten from a new one.
        var device = _random.Next(10) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{customerId}-d{_random.Next(1_000_000):D6}")
            : string.Create(CultureInfo.InvariantCulture, $"{customerId}-d{_random.Next(2)}");
        return Event(CommerceTopics.SignIns, customerId, CommerceEventTypes.SignedIn, new SignedIn(customerId, device, Pick(Countries)));
    }

    private GeneratedEvent FailedPaymentBurst(string customerId)
    {
        for (var i = 0; i < 3; i++)
        {
            _pending.Enqueue(Event(CommerceTopics.Payments, customerId, CommerceEventTypes.PaymentFailed, new PaymentFailed(customerId, Money(200, 900), "card-declined")));
        }

        return _pending.Dequeue();
    }

    private GeneratedEvent Invalid()
    {
        var customerId = CustomerId(_random.Next(_customers));
        return _random.Next(3) switch
        {
            0 => new GeneratedEvent(CommerceTopics.Payments, customerId, Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"broken")),
            1 => Event(CommerceTopics.Payments, customerId, "com.reactor.samples.commerce.unknown", new { customerId }),
            _ => Event(CommerceTopics.Payments, customerId, CommerceEventTypes.PaymentFailed, new { customerId, amount = "not-a-number" }),
        };
    }

    private GeneratedEvent Event<T>(string topic, string key, string type, T payload)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"gen-{Interlocked.Increment(ref _sequence):D10}");
        var data = JsonSerializer.SerializeToElement(payload, ReactorJson.Options);
        return new GeneratedEvent(topic, key, CloudEventJson.Encode(id, "/reactor/demo/commerce", type, key, _time.GetUtcNow(), data));
    }

    private string SessionId(int customer) =>
        string.Create(CultureInfo.InvariantCulture, $"s-{customer:D6}-{_sessionNumbers.GetValueOrDefault(customer)}");

    private decimal Money(int min, int max) => Math.Round(min + ((decimal)_random.NextDouble() * (max - min)), 2);

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}
