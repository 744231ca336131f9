using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds serve</c>: the long-running Hangfire server with its dashboard.</summary>
public static class ServeCommand
{
    public static async Task<int> ExecuteAsync(string[] configArgs, CancellationToken cancellationToken)
    {
        var configuration = AppHost.LoadConfiguration(configArgs);
        var initial = InitialUsers.Needed(configuration)
            ? InitialUsers.Ensure(Path.GetDirectoryName(Path.GetFullPath(configuration["Storage:LocalDataDirectory"] ?? ".bulkrefunds/pg"))!)
            : null;
        await using var app = await AppHost.CreateWebAsync(configArgs, initial?.Settings, cancellationToken);
        var web = (WebApplication)app.Host;
        var security = web.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        // The generated accounts are for this machine only: with them, serve listens as if nobody were configured.
        var (urls, setting) = ServeUrls.Resolve(web.Configuration);
        if (ServeUrls.Check(urls, setting, initial is null ? security : new SecurityOptions()) is { } refusal)
        {
            await Console.Error.WriteLineAsync(refusal);
            return ExitCodes.Fatal;
        }

        // Kestrel reads the standard settings itself, and only when no address was added here.
        if (setting == ServeUrls.ServeSetting)
        {
            foreach (var url in urls)
            {
                web.Urls.Add(url);
            }
        }

        if (initial is not null)
        {
            Console.WriteLine($"No Security:Users are configured: sign in as {string.Join(" or ", InitialUsers.Names)} with the passwords in {initial.FilePath}.");
        }
        else if (!security.IsAuthenticationConfigured && security.RequireLoginOnLoopback)
        {
            await Console.Error.WriteLineAsync("No users are configured, so nobody can sign in: add Security:Users:<name> (see `bulkrefunds hash-password`).");
        }

        await web.StartAsync(cancellationToken);
        Console.WriteLine($"Serving the dashboard at {string.Join(", ", web.Urls.Select(url => url.TrimEnd('/') + "/hangfire"))}. Ctrl+C stops.");
        // The host's console lifetime turns Ctrl+C / SIGTERM into a graceful stop (Hangfire first, then us).
        await web.WaitForShutdownAsync(cancellationToken);
        // Ctrl+C / SIGTERM is how serve is meant to stop (systemd, docker stop): not an interruption.
        return ExitCodes.Done;
    }
}
