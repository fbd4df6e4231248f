namespace Reactor.Samples.Commerce.Customers;

/// <summary>A customer's current state, built from sign-ins and payments.</summary>
public sealed class Customer
{
    /// <summary>Gets or sets the event times of failed payments within the fraud window.</summary>
    public List<DateTimeOffset> RecentFailedPayments { get; set; } = [];

    /// <summary>Gets or sets the devices the customer signed in from.</summary>
    public HashSet<string> KnownDevices { get; set; } = [];

    /// <summary>Gets or sets the device of the latest sign-in, when it was new and the customer already had others.</summary>
    public string? UnverifiedDevice { get; set; }

    /// <summary>Gets or sets the country of the latest sign-in.</summary>
    public string? LastCountry { get; set; }

    /// <summary>Gets or sets the total of successful payments.</summary>
    public decimal LifetimeSpend { get; set; }

    /// <summary>Gets or sets the number of payments that failed, ever.</summary>
    public int FailedPaymentsTotal { get; set; }
}
