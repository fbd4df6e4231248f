using Reactor.Abstractions;

namespace Reactor.Samples.Commerce.Customers;

/// <summary>Lets services read a customer entity (state snapshot and decisions).</summary>
[Alias("commerce.ICustomerGrain")]
public interface ICustomerGrain : IEntityGrain;
