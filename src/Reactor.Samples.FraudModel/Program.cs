using System.Globalization;
using Reactor.Samples.Commerce.Customers;
using Reactor.Samples.FraudModel;

// Rebuilds the sample fraud model: dotnet run --project src/Reactor.Samples.FraudModel -c Release -- [output path]
var output = args.Length > 0 ? args[0] : Path.Combine("src", "Reactor.Samples.Commerce", "Models", CommerceModels.FraudFileName);
var build = FraudModelBuilder.Build();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllBytesAsync(output, build.Onnx);

var invariant = CultureInfo.InvariantCulture;
Console.WriteLine($"wrote {output} ({build.Onnx.Length} bytes)");
Console.WriteLine($"sha256 {build.Sha256}");
for (var i = 0; i < FraudFeatures.Names.Count; i++)
{
    Console.WriteLine(string.Create(invariant, $"weight {FraudFeatures.Names[i],-18} {build.Model.Weights[i]}"));
}

Console.WriteLine(string.Create(invariant, $"bias {build.Model.Bias}"));
Console.WriteLine(string.Create(invariant, $"holdout AUC {build.HoldoutAuc:0.000}, fraud rate {build.HoldoutFraudRate:0.000}"));
if (!string.Equals(build.Sha256, CommerceModels.FraudSha256, StringComparison.Ordinal))
{
    Console.WriteLine($"note: CommerceModels.FraudSha256 is {CommerceModels.FraudSha256}; update it to the hash above.");
}
