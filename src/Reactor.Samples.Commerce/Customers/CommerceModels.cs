namespace Reactor.Samples.Commerce.Customers;

/// <summary>
/// The sample domain's models. The fraud model (<c>Models/fraud.onnx</c>) is built reproducibly by
/// <c>dotnet run --project src/Reactor.Samples.FraudModel -c Release</c>, which prints the hash below.
/// </summary>
public static class CommerceModels
{
    /// <summary>The payment-fraud model's registered name.</summary>
    public const string Fraud = "fraud";

    /// <summary>The shipped fraud model's version.</summary>
    public const string FraudVersion = "1.0.0";

    /// <summary>The shipped fraud model's file name, under <c>Models/</c> next to the application.</summary>
    public const string FraudFileName = "fraud.onnx";

    /// <summary>The SHA-256 of the shipped fraud model file.</summary>
    public const string FraudSha256 = "9cfb6e7661b72bd2c8c8fd57107d8d51850ad2f83f984a3f83873bc9e06d5531";

    /// <summary>The fraud risk at or above which the payment-fraud rule requests an account hold.</summary>
    public const double FraudRiskThreshold = 0.8;

    /// <summary>Gets the path of the shipped fraud model, next to the application.</summary>
    public static string FraudPath => Path.Combine(AppContext.BaseDirectory, "Models", FraudFileName);
}
