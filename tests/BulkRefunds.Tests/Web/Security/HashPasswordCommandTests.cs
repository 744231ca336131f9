using System.Diagnostics;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace BulkRefunds.Tests.Web.Security;

/// <summary><c>bulkrefunds hash-password</c> as an operator runs it: password on stdin, hash on stdout.</summary>
public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task HashPassword_PasswordOnStdin_PrintsAHashPasswordHasherVerifies()
    {
        using var folder = new TempFolder();
        const string password = "correct horse battery staple";

        var (exitCode, output, error) = await RunAsync(folder, password + "\n");

        Assert.True(exitCode == 0, error);
        var hash = output.Trim();
        Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
        Assert.True(PasswordHashes.LooksLikeHash(hash));
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, password));
        Assert.Equal(PasswordVerificationResult.Failed, new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, "wrong"));
    }

    [Fact]
    public async Task HashPassword_EmptyStdin_ExitsUsageAndPrintsNoHash()
    {
        using var folder = new TempFolder();

        var (exitCode, output, _) = await RunAsync(folder, "");

        Assert.Equal(64, exitCode);
        Assert.Equal("", output);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TempFolder folder, string input)
    {
        var start = CliProcess.StartInfo(folder.Path, new Dictionary<string, string>(), "hash-password");
        start.RedirectStandardInput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bulkrefunds.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
