// Not Reactor.Benchmarks.Encoding, which would hide System.Text.Encoding from every other namespace of this assembly.
namespace Reactor.Benchmarks.KafkaEncoding;

/// <summary>The event the encoding benchmarks decode.</summary>
/// <param name="Sku">The item.</param>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">The price of one.</param>
/// <param name="Currency">The currency.</param>
/// <param name="SessionId">The shopping session.</param>
public sealed record CartItemAdded(string Sku, int Quantity, decimal UnitPrice, string Currency, string SessionId);
