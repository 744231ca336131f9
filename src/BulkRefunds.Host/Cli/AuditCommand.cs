using System.Globalization;
using BulkRefunds.Audit;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>bulkrefunds audit (--manifest &lt;id&gt; | --from YYYY-MM-DD --to YYYY-MM-DD)</c>: the audit trail as CSV on stdout, the
/// same file as the web export (docs/operators.md, Audit trail).
/// </summary>
public static class AuditCommand
{
    public const string DayFormat = "yyyy-MM-dd";

    public static async Task<int> ExecuteAsync(Guid? manifestId, string? from, string? to, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        var audit = app.Services.GetRequiredService<AuditStore>();
        var reports = app.Services.GetRequiredService<IOptions<ReportOptions>>().Value;
        await using var output = Console.OpenStandardOutput();
        if (manifestId is { } id)
        {
            if (await app.Services.GetRequiredService<ManifestStore>().FindAsync(id, cancellationToken) is null)
            {
                await Console.Error.WriteLineAsync($"No manifest {id} in this database.");
                return ExitCodes.Fatal;
            }

            await AuditCsvWriter.WriteAsync(output, (after, limit, token) => audit.ByManifestAsync(id, after, limit, token), reports, cancellationToken);
            return ExitCodes.Done;
        }

        // The verb's validator made sure both days are given and parse.
        var start = Start(Day(from!));
        var end = Start(Day(to!).AddDays(1));
        await AuditCsvWriter.WriteAsync(output, (after, limit, token) => audit.BetweenAsync(start, end, after, limit, token), reports, cancellationToken);
        return ExitCodes.Done;
    }

    public static bool IsDay(string? text) => DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, DayFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
