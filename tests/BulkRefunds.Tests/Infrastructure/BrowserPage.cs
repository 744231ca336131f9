using Microsoft.Playwright;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>A page and the browser context that owns it; disposing closes both.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
