using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds serve</c>: the long-running Hangfire server with its dashboard.</summary>
public static class ServeCommand
{
    public static async Task<int> ExecuteAsync(string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWebAsync(configArgs, null, cancellationToken);
        var web = (WebApplication)app.Host;
        var security = web.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var (urls, refusal) = ServeUrls.Check(web.Configuration["Serve:Urls"], security);
        if (refusal is not null)
        {
            await Console.Error.WriteLineAsync(refusal);
            return 1;
        }

        foreach (var url in urls)
        {
            web.Urls.Add(url);
        }

        if (!security.IsAuthenticationConfigured && security.RequireLoginOnLoopback)
        {
            await Console.Error.WriteLineAsync("No users are configured, so nobody can sign in: add Security:Users:<name> (see `bulkrefunds hash-password`).");
        }

        await web.StartAsync(cancellationToken);
        Console.WriteLine($"Serving the dashboard at {string.Join(", ", web.Urls.Select(url => url.TrimEnd('/') + "/hangfire"))}. Ctrl+C stops.");
        // The host's console lifetime turns Ctrl+C / SIGTERM into a graceful stop (Hangfire first, then us).
        await web.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
