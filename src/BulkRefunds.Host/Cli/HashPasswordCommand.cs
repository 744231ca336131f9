using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds hash-password</c>: one line from stdin in, the value for <c>Security:Users:&lt;name&gt;:PasswordHash</c> out.</summary>
public static class HashPasswordCommand
{
    public static async Task<int> ExecuteAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Console.IsInputRedirected)
        {
            await error.WriteAsync("Password (shown as typed): ");
        }

        var password = await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("No password read from stdin; nothing to hash.");
            return ExitCodes.Usage;
        }

        await output.WriteLineAsync(PasswordHashes.Hash(password));
        return ExitCodes.Done;
    }
}
