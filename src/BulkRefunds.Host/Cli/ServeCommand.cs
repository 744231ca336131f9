namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds serve</c>: the long-running Hangfire server with its dashboard.</summary>
public static class ServeCommand
{
    public static async Task<int> ExecuteAsync(string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWebAsync(configArgs, null, cancellationToken);
        var web = (WebApplication)app.Host;
        var urls = web.Configuration["Serve:Urls"] ?? "http://127.0.0.1:5080";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            // No login exists yet, so nothing may listen beyond this machine.
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.IsLoopback || uri.Host == "127.0.0.1"))
            {
                await Console.Error.WriteLineAsync($"Serve:Urls must be loopback addresses until authentication is configured; got '{url}'.");
                return 1;
            }

            web.Urls.Add(url);
        }

        await web.StartAsync(cancellationToken);
        Console.WriteLine($"Serving the dashboard at {string.Join(", ", web.Urls.Select(url => url.TrimEnd('/') + "/hangfire"))}. Ctrl+C stops.");
        // The host's console lifetime turns Ctrl+C / SIGTERM into a graceful stop (Hangfire first, then us).
        await web.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
