using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Reactor.Runtime.DecisionLog;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>The production storage profile: <c>Reactor:Storage:Provider = AzureBlob</c> against Azurite.</summary>
public sealed class AzureBlobProfileTests
{
    private const int Events = 1_500;

    [Theory]
    [InlineData(null, null, "Reactor:Storage:AzureBlob:ConnectionString or Reactor:Storage:AzureBlob:ServiceUri")]
    [InlineData("UseDevelopmentStorage=true", "Upper", "Reactor:Storage:AzureBlob:StateContainer 'Upper'")]
    public void AzureBlobProvider_WithInvalidSettings_FailsNamingTheSetting(string? connectionString, string? stateContainer, string expected)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reactor:Storage:Provider"] = "AzureBlob",
            ["Reactor:Storage:AzureBlob:ConnectionString"] = connectionString,
            ["Reactor:Storage:AzureBlob:StateContainer"] = stateContainer,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => builder.AddReactorHost());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureBlobProvider_SelectsAzureBlobGrainStorageAndDecisionLog()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reactor:Storage:Provider"] = "AzureBlob",
            ["Reactor:Storage:AzureBlob:ServiceUri"] = "https://account.blob.core.windows.net",
        });
        builder.AddReactorHost();
        using var host = builder.Build();

        Assert.Equal("AzureBlobGrainStorage", host.Services.GetRequiredKeyedService<IGrainStorage>("reactor").GetType().Name);
        Assert.Equal("AzureBlobDecisionLog", host.Services.GetRequiredService<IDecisionLog>().GetType().Name);
    }

    [Fact]
    public async Task Demo_on_AzureBlob_stores_every_applied_event_in_blobs_and_never_logs_the_connection_string()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        using var directory = new TempDirectory("host-azureblob");
        var environment = new Dictionary<string, string>
        {
            ["Reactor__Storage__Provider"] = "AzureBlob",
            ["Reactor__Storage__AzureBlob__ConnectionString"] = azurite.ConnectionString,
            ["Reactor__Storage__AzureBlob__Compression"] = "Gzip",
        };
        await using var host = HostProcess.Start(
            directory.Path,
            environment,
            "--data-dir", "demo-data",
            "--silo-port", DemoRunTests.Port(),
            "--gateway-port", DemoRunTests.Port(),
            "--Reactor:DevBroker:Port", DemoRunTests.Port(),
            "--rate", "1000",
            "--customers", "30",
            "--max-events", Events.ToString(CultureInfo.InvariantCulture),
            "--stats-interval", "00:00:00.5",
            "--Reactor:Demo:InvalidEventRatio", "0",
            "--Reactor:FlushInterval", "00:10:00");

        (long Applied, long Reactions, long DeadLetters) totals = default;
        await Eventually.Until($"the demo to apply all {Events} events", () =>
        {
            totals = DemoRunTests.LatestTotals(host);
            return host.HasExited || totals.Applied + totals.DeadLetters == Events;
        }, TimeSpan.FromMinutes(3));
        Assert.False(host.HasExited, host.AllOutput);
        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromMinutes(2)));

        // The flush interval is ten minutes, so what is in the blobs was written by the shutdown.
        var client = new BlobServiceClient(azurite.ConnectionString);
        long stateVersions = 0;
        await foreach (var item in client.GetBlobContainerClient("grainstate").GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            var download = (await client.GetBlobContainerClient("grainstate").GetBlobClient(item.Name).DownloadContentAsync()).Value;
            Assert.Equal("gzip", download.Details.ContentEncoding);
            using var gzip = new System.IO.Compression.GZipStream(download.Content.ToStream(), System.IO.Compression.CompressionMode.Decompress);
            using var json = new MemoryStream();
            await gzip.CopyToAsync(json);
            stateVersions += DemoRunTests.StateVersion(json.ToArray());
        }

        Assert.Equal(totals.Applied, stateVersions);
        Assert.True(totals.Reactions > 0, host.AllOutput);
        var decisions = 0;
        await foreach (var unused in client.GetBlobContainerClient("decisions").GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
        {
            decisions++;
        }

        Assert.True(decisions > 0, "no decision blob was written");
        Assert.DoesNotContain("AccountKey", host.AllOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "demo-data", "state")), "state went to the local disk");
    }
}
