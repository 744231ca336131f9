using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// Saves a test's screenshots as <c>&lt;test output&gt;/TestResults/screenshots/&lt;test&gt;/&lt;step&gt;.png</c>
/// (under bin/, ignored by git) and prints each path to the test output, so a failure can be looked at.
/// Made inside the test method, <c>test</c> defaults to that method's name.
/// </summary>
public sealed class Screenshots(ITestOutputHelper output, [CallerMemberName] string test = "")
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public string Folder { get; } = Path.Combine(Root, test);

    public async Task<string> SaveAsync(IPage page, string step)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, step + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }
}
