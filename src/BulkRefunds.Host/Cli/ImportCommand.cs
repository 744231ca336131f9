namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds import</c>: stages a file into the configured database without sending anything.</summary>
public static class ImportCommand
{
    public static async Task<int> ExecuteAsync(string path, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        var import = await RunCommand.ImportAsync(app, path, cancellationToken);
        RunCommand.PrintImport(import);
        return ExitCodes.ForImport(import);
    }
}
