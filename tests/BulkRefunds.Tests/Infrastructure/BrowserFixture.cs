using Microsoft.Playwright;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// One Playwright driver and one headless Chromium for a test collection. The browser is Debian's
/// <c>/usr/bin/chromium</c> (installed by .ci/run): Playwright never downloads a browser here, and a missing
/// one fails every test of the collection, it is never skipped.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's Chromium at {ChromiumPath}; install it with 'apt-get install -y chromium' (.ci/run does).");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The tests run as root, where Chromium refuses to start with its sandbox.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh page in its own context (own cookies and storage), closed with the returned handle.</summary>
    public async Task<BrowserPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return new BrowserPage(context, await context.NewPageAsync());
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
