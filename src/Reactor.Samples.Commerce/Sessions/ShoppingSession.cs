namespace Reactor.Samples.Commerce.Sessions;

/// <summary>A shopping session's current state: its cart and whether it was checked out.</summary>
public sealed class ShoppingSession
{
    /// <summary>Gets or sets the customer shopping.</summary>
    public string? CustomerId { get; set; }

    /// <summary>Gets or sets the cart lines by SKU.</summary>
    public Dictionary<string, CartLine> Cart { get; set; } = [];

    /// <summary>Gets or sets the order id once checked out.</summary>
    public string? OrderId { get; set; }

    /// <summary>Gets the cart total.</summary>
    public decimal Total => Cart.Values.Sum(l => l.Quantity * l.UnitPrice);
}
