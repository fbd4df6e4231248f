using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reactor.Samples.Commerce.Events;
using Reactor.TestInfrastructure;

namespace Reactor.Samples.Service.Tests;

/// <summary>The sample service reads entities of a running silo through typed grain interfaces, as an Orleans client over TCP.</summary>
public sealed class SampleServiceTests
{
    [Fact]
    public async Task Client_reads_a_customers_typed_state_and_decisions_through_ICustomerGrain()
    {
        await using var silo = await LoopbackSilo.StartAsync();
        await PublishTwoSignInsAsync(silo, "c-client");

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ReactorClient:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture) });
        builder.AddReactorClient();
        using var client = builder.Build();
        await client.StartAsync();
        var reports = client.Services.GetRequiredService<CustomerReports>();

        CustomerReport? report = null;
        await Eventually.Until("the customer to apply both sign-ins", async () => (report = await reports.GetAsync("c-client", DateTimeOffset.UtcNow.AddHours(-1))) is { StateVersion: 2 });
        Assert.Equal(["phone", "laptop"], report!.State.KnownDevices);
        var decision = Assert.Single(report.Decisions);
        Assert.Equal(("new-device-sign-in", 1), (decision.RuleId, decision.RuleVersion));
        Assert.Null(await reports.GetAsync("c-nobody", DateTimeOffset.UtcNow.AddHours(-1)));
        await client.StopAsync();
    }

    [Fact]
    public async Task Sample_program_prints_a_customer_report_from_the_cluster()
    {
        await using var silo = await LoopbackSilo.StartAsync();
        await PublishTwoSignInsAsync(silo, "c-program");
        var reports = new List<string>();

        try
        {
            await Eventually.Until("the sample to report both sign-ins", async () =>
            {
                reports = await RunSampleAsync("--ReactorClient:GatewayPort", silo.GatewayPort.ToString(CultureInfo.InvariantCulture), "c-program");
                return reports.Any(l => l.StartsWith("c-program: state version 2,", StringComparison.Ordinal));
            }, TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}. The sample's last output:\n{string.Join('\n', reports)}", ex);
        }

        Assert.Contains(reports, l => l.Contains("decisions 1", StringComparison.Ordinal));
        Assert.Contains(reports, l => l.Contains("new-device-sign-in v1", StringComparison.Ordinal) && l.Contains("emit customer-actions Succeeded", StringComparison.Ordinal));
    }

    private static async Task PublishTwoSignInsAsync(LoopbackSilo silo, string customer)
    {
        foreach (var device in new[] { "phone", "laptop" })
        {
            var result = await silo.Source.PublishAsync(CommerceTopics.SignIns, TestCloudEvents.Create(CommerceEventTypes.SignedIn, customer, new SignedIn(customer, device, "NL")));
            Assert.True(result.Accepted, result.ToString());
        }
    }

    /// <summary>
    /// Finds the sample in its own build output: this test's folder resolves some assemblies from the ASP.NET Core shared
    /// framework (a fixture needs it), which the sample, a plain console app, does not load.
    /// </summary>
    private static string SampleDll()
    {
        var own = AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "Reactor.Samples.Service.Tests"), Path.Combine("src", "Reactor.Samples.Service"), StringComparison.Ordinal);
        var dll = Path.Combine(own, "Reactor.Samples.Service.dll");
        Assert.True(File.Exists(dll), $"the sample is not built at {dll}");
        return dll;
    }

    private static async Task<List<string>> RunSampleAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SampleDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
