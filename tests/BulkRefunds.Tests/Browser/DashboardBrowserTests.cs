using BulkRefunds.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Browser;

/// <summary>The Hangfire dashboard of the real web host, opened in headless Chromium as an operator would.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(PostgresFixture postgres, BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_AfterSigningIn_ShowsBulkRefundsAndTheRecoverySweep()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var app = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("browser"), TestUsers.Settings());
        await using var browserPage = await browser.NewPageAsync(app.BaseAddress);
        var page = browserPage.Page;
        var screenshots = new Screenshots(output);

        // Anonymous: the dashboard sends the browser to the sign-in form first.
        await page.GotoAsync("/hangfire");
        await page.ExpectPathAsync("/login");
        await screenshots.SaveAsync(page, "01-login");
        await page.GetByLabel("User name").FillAsync(TestUsers.Operator);
        await page.GetByLabel("Password").FillAsync(TestUsers.OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ExpectPathAsync("/hangfire");
        var response = await page.ReloadAsync();
        var title = await page.TitleAsync();
        await screenshots.SaveAsync(page, "02-dashboard");
        await page.GetByRole(AriaRole.Link, new() { Name = "Recurring Jobs" }).ClickAsync();
        await page.ExpectPathAsync("/hangfire/recurring");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = RecoverySweepJob.RecurringJobId, Exact = true })).ToBeVisibleAsync();
        await screenshots.SaveAsync(page, "03-recurring-jobs");

        Assert.Equal(200, response?.Status);
        Assert.Contains("BulkRefunds", title, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".navbar-brand")).ToHaveTextAsync("BulkRefunds");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = RecoverySweepJob.RecurringJobId, Exact = true })).ToBeVisibleAsync();
    }
}
