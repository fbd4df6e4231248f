using Reactor.Samples.Commerce.Customers;

namespace Reactor.Samples.FraudModel;

/// <summary>One synthetic customer's features and whether the synthetic ground truth calls it fraud.</summary>
internal sealed record LabelledRow(FraudFeatures Features, bool IsFraud);
