using System.Text.RegularExpressions;
using BulkRefunds.Host.Cli;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Cli;

/// <summary>
/// The command line's operator acts in the audit trail: an upload names its uploader as the manifest does (the operating
/// system account); <c>report --verify</c> and <c>release-stale</c>, which no upload names, name <c>cli:&lt;account&gt;</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class AuditedCommandsTests(PostgresFixture postgres)
{
    private const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR

    [Fact]
    public async Task RunReportVerifyReleaseStale_EachRecordsItsActWithTheCommandLineActor()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("audit_cli");
        var environment = CliEnvironment.For(connectionString, simulator, folder);
        var run = await CliProcess.RunAsync(folder.Path, environment, "run", folder.File("good.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\n"));
        var manifestId = Guid.Parse(ManifestIdPattern().Match(run.Output).Groups[1].Value);

        var verify = await CliProcess.RunAsync(folder.Path, environment, "report", manifestId.ToString(), "--verify");
        var release = await CliProcess.RunAsync(folder.Path, environment, "release-stale");

        Assert.True(verify.ExitCode == ExitCodes.Done, verify.Output + verify.Error);
        Assert.True(release.ExitCode == ExitCodes.Done, release.Output + release.Error);
        await using var connection = new NpgsqlConnection(connectionString);
        var entries = (await connection.QueryAsync<(string Actor, string Act, Guid? ManifestId, string Detail)>(
            "SELECT actor, act, manifest_id, detail FROM bulkrefunds.audit_entry ORDER BY audit_id")).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal((Environment.UserName, "upload", manifestId, "uploaded good.csv: 1 row(s)"), entries[0]);
        Assert.Equal(("cli:" + Environment.UserName, "verify_report", manifestId, "verified 1 refunded order(s) with Klarna: 0 mismatch(es)"), entries[1]);
        Assert.Equal(("cli:" + Environment.UserName, "release_stale", (Guid?)null), (entries[2].Actor, entries[2].Act, entries[2].ManifestId));
        Assert.EndsWith(": no releases were due", entries[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ByManifestOrByDays_WritesTheTrailAsCsvToStdout()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("audit_verb"), simulator, folder);
        var import = await CliProcess.RunAsync(folder.Path, environment, "import", folder.File("good.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\n"));
        var manifestId = ManifestIdPattern().Match(import.Output).Groups[1].Value;
        var today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var byManifest = await CliProcess.RunAsync(folder.Path, environment, "audit", "--manifest", manifestId);
        var byDays = await CliProcess.RunAsync(folder.Path, environment, "audit", "--from", today, "--to", today);
        var noDay = await CliProcess.RunAsync(folder.Path, environment, "audit", "--from", today);

        foreach (var result in new[] { byManifest, byDays })
        {
            Assert.True(result.ExitCode == ExitCodes.Done, result.Output + result.Error);
            var lines = result.Output.TrimStart('\uFEFF').TrimEnd().Split('\n');
            Assert.Equal(["audit_id,recorded_at,actor,act,manifest_id,row_id,line_number,detail", $"{Environment.UserName},upload,{manifestId},,,uploaded good.csv: 1 row(s)"],
                [lines[0].TrimEnd('\r'), string.Join(',', lines[1].TrimEnd('\r').Split(',')[2..])]);
        }

        Assert.True(noDay.ExitCode == ExitCodes.Usage, noDay.Output + noDay.Error);
    }

    [GeneratedRegex("as manifest ([0-9a-f-]{36})")]
    private static partial Regex ManifestIdPattern();
}
