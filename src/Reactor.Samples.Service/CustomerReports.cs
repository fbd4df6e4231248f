using Reactor.Samples.Commerce.Customers;

namespace Reactor.Samples.Service;

/// <summary>Reads customers through their typed grain interface, <see cref="ICustomerGrain"/>.</summary>
/// <param name="grains">The Orleans client's grain factory.</param>
public sealed class CustomerReports(IGrainFactory grains)
{
    /// <summary>Reads a customer's state and its decisions since <paramref name="since"/>.</summary>
    /// <param name="customerId">The customer id.</param>
    /// <param name="since">The earliest decision time to include.</param>
    /// <returns>The report, or <see langword="null"/> when the customer has applied no event.</returns>
    public async Task<CustomerReport?> GetAsync(string customerId, DateTimeOffset since)
    {
        var customer = grains.GetGrain<ICustomerGrain>(customerId);
        var snapshot = await customer.GetSnapshotAsync();
        if (snapshot.StateVersion == 0)
        {
            return null;
        }

        var decisions = await customer.GetDecisionsAsync(since);
        return new CustomerReport(customerId, snapshot.StateVersion, snapshot.GetState<Customer>(), decisions);
    }
}
