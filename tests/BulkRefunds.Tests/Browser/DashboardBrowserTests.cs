using BulkRefunds.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Browser;

/// <summary>The Hangfire dashboard of the real web host, opened in headless Chromium as an operator would.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(PostgresFixture postgres, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_OpenedOnLoopback_ShowsBulkRefundsAndTheRecoverySweep()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWebAsync(await postgres.CreateDatabaseAsync("browser"), simulator, folder.Path, timeout.Token);
        await using var browserPage = await browser.NewPageAsync(app.BaseAddress);
        var page = browserPage.Page;
        var screenshots = new Screenshots(output);

        // Page steps kept few: the dashboard's login (in progress) will add a step in front of them.
        var response = await page.GotoAsync("/hangfire");
        var title = await page.TitleAsync();
        await screenshots.SaveAsync(page, "01-dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).ClickAsync();
        await page.WaitForURLAsync("**/hangfire/recurring");
        await screenshots.SaveAsync(page, "02-recurring-jobs");

        Assert.Equal(200, response?.Status);
        Assert.Contains("BulkRefunds", title, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".navbar-brand")).ToHaveTextAsync("BulkRefunds");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = RecoverySweepJob.RecurringJobId, Exact = true })).ToBeVisibleAsync();
    }
}
