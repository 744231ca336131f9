using System.Net;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Manifests;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>Per client address, sign-in posts and uploads have a budget a minute; past it the answer is 429.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RateLimitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Login_MoreAttemptsThanTheBudget_Are429EvenForOtherNames()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("rate_sign_in"),
            TestUsers.Settings(("Security:SignInAttemptsPerMinute", "3")));
        var browser = web.Client();

        var within = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var refused = await LoginForm.SignInAsync(browser, $"invented-{attempt}", "guess");
            within.Add(refused.StatusCode);
        }

        using var over = await LoginForm.SignInAsync(browser, TestUsers.Viewer, TestUsers.ViewerPassword);
        using var page = await browser.GetAsync("/hangfire");

        Assert.All(within, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode); // not signed in
    }

    [Fact]
    public async Task Upload_MoreThanTheBudget_Is429()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("rate_upload"),
            TestUsers.Settings(("Security:UploadsPerMinute", "1")));
        var client = web.Client(TestUsers.Operator, TestUsers.OperatorPassword);

        using var first = await client.PostAsync("/api/manifests", ManifestApi.File("a.csv", Csv));
        using var second = await client.PostAsync("/api/manifests", ManifestApi.File("b.csv", Csv));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    private const string Csv = "order_id,currency,amount\nrate-1,EUR,1.00\n";
}
