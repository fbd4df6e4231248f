using Reactor.Abstractions;
using Reactor.Samples.Commerce.Customers;

namespace Reactor.Samples.Service;

/// <summary>What the sample service learns about one customer: its typed state and why it was acted on.</summary>
/// <param name="CustomerId">The customer id.</param>
/// <param name="StateVersion">The number of events the customer's state was built from.</param>
/// <param name="State">The customer's state.</param>
/// <param name="Decisions">The customer's decisions in the requested range, oldest first.</param>
public sealed record CustomerReport(string CustomerId, long StateVersion, Customer State, IReadOnlyList<DecisionRecord> Decisions);
