using Reactor.Inference.Onnx;

namespace Reactor.Samples.Commerce.Customers;

/// <summary>
/// The payment-fraud model's input row, in the order the model was trained on (<c>src/Reactor.Samples.FraudModel</c>).
/// </summary>
/// <param name="FailedPayments">Failed payments within the fraud window.</param>
/// <param name="FailedAmount">The total amount of those failed payments.</param>
/// <param name="NewDevice">1 when the latest sign-in was from a new, unverified device; else 0.</param>
/// <param name="KnownDevices">How many devices the customer has signed in from.</param>
/// <param name="LogLifetimeSpend">ln(1 + the total of the customer's successful payments).</param>
public sealed record FraudFeatures(float FailedPayments, float FailedAmount, float NewDevice, float KnownDevices, float LogLifetimeSpend)
    : IModelFeatures
{
    /// <summary>The feature names, in the model's input order.</summary>
    public static readonly IReadOnlyList<string> Names = ["failedPayments", "failedAmount", "newDevice", "knownDevices", "logLifetimeSpend"];

    // Explicit, so the default decision-record description (the record as JSON) shows only the features.
    int IModelFeatures.Count => Names.Count;

    /// <summary>Builds the features from a customer's state and its failed-payment window.</summary>
    /// <param name="customer">The customer's state.</param>
    /// <param name="failedPayments">Failed payments within the window.</param>
    /// <param name="failedAmount">Their total amount.</param>
    /// <returns>The features.</returns>
    public static FraudFeatures From(Customer customer, int failedPayments, double failedAmount)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new FraudFeatures(
            failedPayments,
            (float)failedAmount,
            customer.UnverifiedDevice is null ? 0f : 1f,
            customer.KnownDevices.Count,
            (float)Math.Log(1 + (double)Math.Max(customer.LifetimeSpend, 0m)));
    }

    /// <inheritdoc />
    public void CopyTo(Span<float> row)
    {
        row[0] = FailedPayments;
        row[1] = FailedAmount;
        row[2] = NewDevice;
        row[3] = KnownDevices;
        row[4] = LogLifetimeSpend;
    }
}
