using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Browser;

/// <summary>
/// Find anything, in headless Chromium against the real service: a run where Klarna throttled one row and failed
/// another is opened from the Manifests page, filtered to its failed row, that row's attempts opened, and an order id
/// searched from the Manifests page leads back to its manifest. The manifest page's screenshot is the README's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ManifestPageBrowserTests(PostgresFixture postgres, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ManifestPage_OpenFilterAttemptsAndSearch_ShowTheFailedRowAndItsManifest()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("browser_manifest_page"), ("Dispatch:MaxAttempts", "2"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 6);
        var unavailable = orders.Rows[2].OrderId;
        web.Simulator.Server.State.Faults.Enqueue(unavailable, new FaultSpec(FaultKind.Error503, Times: 2) { Operation = FaultOperation.Refund });
        web.Simulator.Server.State.Faults.Enqueue(orders.Rows[4].OrderId, new FaultSpec(FaultKind.RateLimited, Times: 1) { Operation = FaultOperation.Refund });
        var manifestId = await UploadAsync(Operator(web), "nightly-returns.csv", orders.Csv);
        using (await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve"))
        {
            await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        }

        await using var browserPage = await browser.NewPageAsync(web.BaseAddress);
        var page = browserPage.Page;
        var screenshots = new Screenshots(output);

        // 1. From the Manifests page to the manifest's own page.
        await page.GotoAsync("/hangfire/manifests");
        await page.ExpectPathAsync("/login");
        await page.GetByLabel("User name").FillAsync(TestUsers.Operator);
        await page.GetByLabel("Password").FillAsync(TestUsers.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ExpectPathAsync("/hangfire/manifests");
        await page.Locator($"#open-{manifestId}").ClickAsync();
        await page.ExpectPathAsync($"/hangfire/manifests/{manifestId}");
        await Assertions.Expect(page.Locator("#progress-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#audit-trail")).Not.ToContainTextAsync("Loading");
        await screenshots.SaveAsync(page, "01-manifest-page");
        var allRows = await page.Locator("tr.manifest-row").CountAsync();

        // 2. Only the failed rows, and the failed row's attempts.
        await page.Locator("a.row-filter[data-state='failed']").ClickAsync();
        await Assertions.Expect(page.Locator("tr.manifest-row")).ToHaveCountAsync(1);
        var failed = page.Locator("tr.manifest-row").First;
        await failed.Locator("details.row-attempts summary").ClickAsync();
        await Assertions.Expect(failed.Locator("tr.row-attempt")).ToHaveCountAsync(2);
        await screenshots.SaveAsync(page, "02-failed-row-attempts");
        var attempts = await failed.Locator("tr.row-attempt").AllInnerTextsAsync();

        // 3. The failed order, searched from the Manifests page.
        await page.GotoAsync("/hangfire/manifests");
        await page.Locator("#row-search-key").SelectOptionAsync("orderId");
        await page.Locator("#row-search-value").FillAsync(unavailable);
        await page.Locator("#row-search-button").ClickAsync();
        await Assertions.Expect(page.Locator("tr.row-search-hit")).ToHaveCountAsync(1);
        await screenshots.SaveAsync(page, "03-search-by-order-id");
        await page.Locator("tr.row-search-hit a.row-search-open").ClickAsync();
        await page.ExpectPathAsync($"/hangfire/manifests/{manifestId}");
        var firstShown = await page.Locator("tr.manifest-row .row-order-id").First.InnerTextAsync();

        Assert.Equal(6, allRows);
        Assert.All(attempts, attempt => Assert.Contains("503", attempt, StringComparison.Ordinal));
        Assert.Equal(unavailable, firstShown);
        Assert.Equal("1", await page.Locator("#progress-throttled").GetAttributeAsync("data-max"));
    }
}
