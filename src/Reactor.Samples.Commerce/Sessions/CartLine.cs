namespace Reactor.Samples.Commerce.Sessions;

/// <summary>One item in a cart.</summary>
/// <param name="Quantity">How many.</param>
/// <param name="UnitPrice">The price of one.</param>
public sealed record CartLine(int Quantity, decimal UnitPrice);
