using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Manifests;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Browser;

/// <summary>
/// The operator workflow in headless Chromium against the real service: one operator signs in and uploads the
/// nightly manifest, a second approves it (four-eyes), watches it complete on the Manifests page, downloads the
/// report, and retries the row Klarna answered 503; the simulator's ledger shows one refund per row.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorWorkflowBrowserTests(PostgresFixture postgres, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Operators_UploadApproveWatchDownloadAndRetry_RefundEveryRowOnce()
    {
        await using var web = await ManifestApi.StartAsync(await postgres.CreateDatabaseAsync("browser_workflow"), ("Dispatch:MaxAttempts", "2"));
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(web.Simulator, 4);
        var unavailable = orders.Rows[2].OrderId;
        web.Simulator.Server.State.Faults.Enqueue(unavailable, new FaultSpec(FaultKind.Error503, Times: 2) { Operation = FaultOperation.Refund });
        var manifest = folder.File("nightly-returns.csv", orders.Csv);
        await using var browserPage = await browser.NewPageAsync(web.BaseAddress);
        var page = browserPage.Page;
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the action buttons ask "are you sure?"
        var screenshots = new Screenshots(output);

        // 1. The first operator signs in and uploads.
        await page.GotoAsync("/upload");
        await SignInAsync(page, TestUsers.Operator, TestUsers.OperatorPassword);
        await page.ExpectPathAsync("/upload");
        await Assertions.Expect(page.Locator("#upload-button")).ToBeVisibleAsync();
        await screenshots.SaveAsync(page, "01-upload-page");
        await page.Locator("#file").SetInputFilesAsync(manifest);
        await page.Locator("#upload-button").ClickAsync();
        await Assertions.Expect(page.Locator("#result-status")).ToHaveTextAsync("awaiting approval");
        var manifestId = (await page.Locator("#result-manifest-id").InnerTextAsync()).Trim();
        await screenshots.SaveAsync(page, "02-uploaded-awaiting-approval");
        var sentBeforeApproval = (await web.Simulator.LedgerAsync()).Count;

        // 2. A second operator signs in and approves it on the Manifests page.
        await page.GotoAsync("/logout");
        await page.GotoAsync("/hangfire/manifests");
        await SignInAsync(page, ManifestApi.SecondOperator, ManifestApi.SecondOperatorPassword);
        await page.ExpectPathAsync("/hangfire/manifests");
        var row = page.Locator($"#manifest-{manifestId}");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "awaiting_approval");
        await screenshots.SaveAsync(page, "03-manifests-awaiting-approval");
        await page.Locator($"#approve-{manifestId}").ClickAsync();

        // 3. It completes on the page (it refreshes itself): three refunded, one failed with 503.
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator(".manifest-count[data-state='failed']")).ToContainTextAsync("failed: 1");
        await screenshots.SaveAsync(page, "04-complete-with-one-failure");

        // 4. The report is downloaded from the page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"#report-{manifestId}").ClickAsync());
        var reportPath = Path.Combine(folder.Path, download.SuggestedFilename);
        await download.SaveAsAsync(reportPath);
        var report = ReportFile.Read(reportPath);

        // 5. Retry failed rows: only the 503 row is sent again, with its key.
        await page.Locator($"#retry-{manifestId}").ClickAsync();
        await Assertions.Expect(row.Locator(".manifest-count[data-state='succeeded']")).ToContainTextAsync("succeeded: 4", new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
        await screenshots.SaveAsync(page, "05-retried-all-succeeded");

        Assert.Equal(0, sentBeforeApproval);
        Assert.Equal(["succeeded", "succeeded", "failed", "succeeded"], report.Select(line => line["status"]));
        Assert.Equal("503", report[2]["http_status"]);
        var ledger = await web.Simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        Assert.Equal(report[2]["idempotency_key"], ledger.Single(entry => entry.OrderId == unavailable).IdempotencyKey);
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.ExpectPathAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
