using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Dispatch.Resolution;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Browser;

/// <summary>
/// Find anything, in headless Chromium against the real service: a run where Klarna throttled one row and failed
/// another is opened from the Manifests page, filtered to its failed row, that row's attempts opened, and an order id
/// searched from the Manifests page leads back to its manifest; a row that needs review is resolved by one operator and
/// confirmed by another (four-eyes). The manifest page's screenshot is the README's.
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

    [Fact]
    public async Task ManifestPage_ResolveByOneOperatorConfirmByAnother_RowSucceedsAndTheTrailShowsBothWithTheComment()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("browser_manifest_resolve"),
            [.. ReviewRows.Settings(fourEyes: true).Select(setting => (setting.Key, setting.Value))]);
        // Klarna applies the refund and the answer is lost; GET order fails too: nothing we can read proves it either way.
        var rows = await ReviewRows.ArmAsync(web.Simulator, true);
        var manifestId = await UploadAsync(Operator(web), "review-returns.csv", ReviewRows.Csv(rows));
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var refundId = Assert.IsType<string>(Assert.Single(await web.Simulator.LedgerAsync()).RefundId);
        var screenshots = new Screenshots(output);

        // 1. The first operator records what the portal shows: refunded, with the ledger's refund id and a comment.
        await using var proposerPage = await browser.NewPageAsync(web.BaseAddress);
        var proposer = proposerPage.Page;
        await SignInAtAsync(proposer, $"/hangfire/manifests/{manifestId}", TestUsers.Operator, TestUsers.OperatorPassword);
        var form = proposer.Locator("form.js-resolve");
        await form.Locator("select[name='outcome']").SelectOptionAsync("refunded");
        await form.Locator("input[name='refundId']").FillAsync(refundId);
        await form.Locator("input[name='comment']").FillAsync("Refund listed in the Klarna portal");
        await form.GetByRole(AriaRole.Button, new() { Name = "Record resolution" }).ClickAsync();
        await Assertions.Expect(form.Locator(".resolve-result")).ToContainTextAsync("awaiting confirmation by a second operator");
        await Assertions.Expect(proposer.Locator("tr.audit-entry[data-act='resolve']")).ToHaveCountAsync(1);
        await screenshots.SaveAsync(proposer, "01-resolution-proposed");

        // 2. A second operator sees who proposed what, and confirms it.
        await using var confirmerPage = await browser.NewPageAsync(web.BaseAddress);
        var confirmer = confirmerPage.Page;
        await SignInAtAsync(confirmer, $"/hangfire/manifests/{manifestId}", SecondOperator, SecondOperatorPassword);
        var pending = confirmer.Locator("form.js-resolution-pending");
        await Assertions.Expect(pending).ToContainTextAsync(
            $"{TestUsers.Operator} proposed: refunded (refund id {refundId}) — Refund listed in the Klarna portal");
        await Assertions.Expect(confirmer.Locator("form.js-resolve")).ToHaveCountAsync(0);
        await screenshots.SaveAsync(confirmer, "02-awaiting-confirmation");
        await pending.Locator("input[name='comment']").FillAsync("Seen it too");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(pending.Locator(".resolve-result")).ToContainTextAsync("it is now succeeded");
        await Assertions.Expect(confirmer.Locator("tr.audit-entry[data-act='resolve_confirm']")).ToHaveCountAsync(1);

        // 3. Read back from the server: the row succeeded with the refund id, nothing left to resolve, both acts in the trail.
        await confirmer.GotoAsync($"/hangfire/manifests/{manifestId}"); // a fresh load, at the top of the page for the screenshot
        await Assertions.Expect(confirmer.Locator("tr.audit-entry[data-act='resolve_confirm']")).ToHaveCountAsync(1);
        await screenshots.SaveAsync(confirmer, "03-resolved-row-and-audit-trail");
        var row = confirmer.Locator("tr.manifest-row").First;
        var resolve = await confirmer.Locator("tr.audit-entry[data-act='resolve']").InnerTextAsync();
        var confirm = await confirmer.Locator("tr.audit-entry[data-act='resolve_confirm']").InnerTextAsync();

        Assert.Equal(("succeeded", refundId), (await row.Locator(".row-state").InnerTextAsync(), await row.Locator(".row-refund-id").InnerTextAsync()));
        Assert.Equal(0, await confirmer.Locator("form.js-resolve, form.js-resolution-pending").CountAsync());
        Assert.Contains(TestUsers.Operator, resolve, StringComparison.Ordinal);
        Assert.Contains("Refund listed in the Klarna portal", resolve, StringComparison.Ordinal);
        Assert.Contains(SecondOperator, confirm, StringComparison.Ordinal);
        Assert.Contains("Seen it too", confirm, StringComparison.Ordinal);
        Assert.Single(await web.Simulator.LedgerAsync());
    }

    private static async Task SignInAtAsync(IPage page, string path, string user, string password)
    {
        await page.GotoAsync(path);
        await page.ExpectPathAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ExpectPathAsync(path);
        await Assertions.Expect(page.Locator("#audit-trail")).Not.ToContainTextAsync("Loading");
    }
}
