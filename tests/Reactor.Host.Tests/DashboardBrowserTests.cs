using System.Globalization;
using Microsoft.Playwright;
using Reactor.TestInfrastructure;

namespace Reactor.Host.Tests;

/// <summary>The dashboard in headless Chromium (Debian's, installed by install-chromium.sh) against the embedded demo, as a user opens it.</summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Dashboard_of_the_demo_shows_moving_numbers_and_an_entity_lookup_shows_a_decision()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing; run tests/Reactor.Host.Tests/install-chromium.sh (./test.sh does).");
        using var directory = new TempDirectory("host-dashboard");
        await using var host = HostProcess.Start(directory.Path, null, [.. HealthTests.PortArgs(), "--rate", "200", "--customers", "40", "--data-dir", "data"]);
        await host.WaitForHttpAsync(TimeSpan.FromMinutes(3));
        var link = host.Output.FirstOrDefault(l => l.StartsWith("Dashboard: ", StringComparison.Ordinal))?.Split(' ')[1];
        Assert.True(link is not null, $"the demo printed no dashboard link. Output:\n{host.AllOutput}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await page.GotoAsync(link);

        var applied = 0.0;
        await Eventually.Until("the dashboard to show applied events", async () => (applied = Number(await page.InnerTextAsync("#events-total"))) > 0, Deadline);
        await Eventually.Until("the applied events to move", async () => Number(await page.InnerTextAsync("#events-total")) > applied, Deadline);
        await Eventually.Until("a lag row for each of the 12 demo partitions", async () => await page.Locator("#lag tr").CountAsync() == 12, Deadline);
        await Eventually.Until("freshness percentiles to show", async () => (await page.InnerTextAsync("#freshness-p99")).EndsWith("ms", StringComparison.Ordinal), Deadline);
        await Eventually.Until("a recent decision to show", async () => await page.Locator("#recent-decisions tr").CountAsync() > 0, Deadline);

        var decision = page.Locator("#recent-decisions tr").First;
        var entityType = await decision.GetAttributeAsync("data-entity-type");
        var entityId = await decision.GetAttributeAsync("data-entity-id");
        await page.SelectOptionAsync("#entity-type", entityType!);
        await page.FillAsync("#entity-id", entityId!);
        await page.ClickAsync("#lookup");

        await Eventually.Until($"the decision trail of {entityType} {entityId} to show a decision", async () => await page.Locator("#entity-decisions tr").CountAsync() > 0, Deadline);
        Assert.Contains("\"stateVersion\"", await page.InnerTextAsync("#entity-state"), StringComparison.Ordinal);
        Assert.Contains($"{entityType} {entityId}: state version", await page.InnerTextAsync("#entity-summary"), StringComparison.Ordinal);
        Assert.Equal("", await page.InnerTextAsync("#entity-error"));

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);

        host.Interrupt();
        Assert.Equal(0, await host.WaitForExitAsync(TimeSpan.FromMinutes(2)));
    }

    private static double Number(string text) =>
        double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
