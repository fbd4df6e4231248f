using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reactor.Samples.Service;

// Usage: dotnet run --project src/Reactor.Samples.Service -- [--ReactorClient:GatewayPort 30000] CUSTOMER_ID...
var customerIds = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
if (customerIds.Count == 0)
{
    Console.Error.WriteLine("Usage: Reactor.Samples.Service [--ReactorClient:GatewayPort 30000] CUSTOMER_ID...");
    return 2;
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddReactorClient();
using var host = builder.Build();
await host.StartAsync();
var reports = host.Services.GetRequiredService<CustomerReports>();
var exitCode = 0;
foreach (var customerId in customerIds)
{
    var report = await reports.GetAsync(customerId, DateTimeOffset.UtcNow.AddDays(-1));
    if (report is null)
    {
        Console.WriteLine($"{customerId}: unknown (no event applied)");
        exitCode = 1;
        continue;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{customerId}: state version {report.StateVersion}, devices {report.State.KnownDevices.Count}, failed payments {report.State.FailedPaymentsTotal}, lifetime spend {report.State.LifetimeSpend}, decisions {report.Decisions.Count}"));
    foreach (var decision in report.Decisions)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {decision.DecidedAt:u} {decision.RuleId} v{decision.RuleVersion} on {decision.TriggerEventType} at {decision.TriggerPosition}: {string.Join(", ", decision.Actions.Select(a => $"{a.Kind} {a.Target} {a.Outcome}"))}"));
    }
}

await host.StopAsync();
return exitCode;
