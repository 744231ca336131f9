using System.Diagnostics;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>Runs a tool to completion with an argument list (never a shell string) and captured output.</summary>
internal static class ExternalProcess
{
    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // As root the tools run as the postgres account, which may not be able to enter our working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start `{Describe(startInfo)}`.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var (stdout, stderr) = (await output, await error);
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException(
                $"`{Describe(startInfo)}` failed with exit code {process.ExitCode}: {stderr.Trim()} {stdout.Trim()}".Trim());
    }

    private static string Describe(ProcessStartInfo startInfo) =>
        string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName));
}
