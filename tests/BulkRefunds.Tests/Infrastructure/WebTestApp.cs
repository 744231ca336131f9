using BulkRefunds.Host;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>A started web host and the loopback address it listens on.</summary>
public sealed class WebTestApp(AppHost app, Uri baseAddress) : IAsyncDisposable
{
    public AppHost App { get; } = app;

    public Uri BaseAddress { get; } = baseAddress;

    public IServiceProvider Services => App.Services;

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
