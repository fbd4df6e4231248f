using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.FraudModel;

namespace Reactor.Inference.Onnx.Tests;

/// <summary>The committed sample model and the coefficients it was built from, built once per test run.</summary>
internal static class SampleModel
{
    private static readonly Lazy<FraudModelBuild> LazyBuild = new(FraudModelBuilder.Build);

    /// <summary>How far ONNX Runtime's float32 arithmetic may be from the double-precision answer.</summary>
    public const double Tolerance = 1e-5;

    public static FraudModelBuild Build => LazyBuild.Value;

    /// <summary>Gets the committed file, as copied next to the tests.</summary>
    public static string Path => CommerceModels.FraudPath;

    /// <summary>Features chosen to cover the model's range: quiet, typical, burst, new-device burst, loyal customer.</summary>
    public static readonly FraudFeatures[] KnownInputs =
    [
        new(0, 0, 0, 1, 0),
        new(1, 120, 0, 2, 5.5f),
        new(3, 1650, 0, 1, 3.2f),
        new(3, 900, 1, 3, 6.1f),
        new(3, 15, 0, 4, 13.8f),
        new(6, 2900.5f, 1, 1, 0),
    ];

    /// <summary>The probability the trained coefficients give, computed in double precision without ONNX Runtime.</summary>
    public static double Expected(FraudFeatures features) => Build.Model.Probability(FraudModelBuilder.ToRow(features));
}
