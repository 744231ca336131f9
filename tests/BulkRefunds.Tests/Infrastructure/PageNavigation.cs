using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// Waits until a page shows a path. <c>WaitForURLAsync</c> also waits for the <c>load</c> event, which after a
/// sign-in POST and its redirect was seen never to arrive in CI (network idle fired, load did not); the URL
/// assertion polls the address only, and the next locator waits for the content it needs.
/// </summary>
public static class PageNavigation
{
    /// <summary>Waits until the page's path is <paramref name="path"/> (any query string).</summary>
    public static Task ExpectPathAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(
            new Regex("^https?://[^/]+" + Regex.Escape(path) + @"(\?.*)?$"),
            new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
}
