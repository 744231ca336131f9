using System.Globalization;
using BulkRefunds.Klarna;
using BulkRefunds.Settlements;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>bulkrefunds settlements [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--account NAME]</c>: ingest Klarna's payouts (UTC
/// payout dates, both days whole), match them to our refunds, write the settlement report; its path is the last line.
/// </summary>
public static class SettlementsCommand
{
    public static async Task<int> ExecuteAsync(DateOnly? from, DateOnly? to, string? account, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        var configured = app.Services.GetRequiredService<IOptions<KlarnaOptions>>().Value.Accounts.Keys.Order(StringComparer.Ordinal).ToList();
        if (account is not null && !configured.Contains(account, StringComparer.Ordinal))
        {
            await Console.Error.WriteLineAsync($"Klarna account '{account}' is not configured (Klarna:Accounts).");
            return ExitCodes.Fatal;
        }

        try
        {
            var result = await app.Services.GetRequiredService<SettlementRun>().RunAsync(account is null ? configured : [account],
                from is { } first ? new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                to is { } last ? new DateTimeOffset(last.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) : null, cancellationToken);
            Print(result, Console.Out);
            return ExitCodes.ForSettlements(result.Summary);
        }
        catch (KlarnaSettlementsException failure)
        {
            // The exception's message is written to be safe (no body, no credentials); its stack trace is not shown.
            await Console.Error.WriteLineAsync($"Klarna's Settlements API failed: {failure.Message}");
            return ExitCodes.Fatal;
        }
    }

    /// <summary>What was fetched per account, the lines per status and per currency, then the report's path as the last line.</summary>
    public static void Print(SettlementRunResult result, TextWriter output)
    {
        foreach (var ingest in result.Ingests)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ingest.Account}: payouts {ingest.From:yyyy-MM-dd} to {ingest.To:yyyy-MM-dd}: {ingest.PayoutsListed} listed, {ingest.PayoutsStored} new, {ingest.TransactionsStored} transactions stored"));
        }

        foreach (var (status, count) in result.Summary.LinesByStatus)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{status}: {count}"));
        }

        foreach (var currency in result.Summary.Currencies.Where(currency => currency.Currency.Length > 0))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{currency.Currency}: refunded {currency.RefundedMinor}, settled {currency.SettledMinor}, unmatched returns {currency.UnmatchedReturnsMinor} (minor units)"));
        }

        output.WriteLine($"Settlement report: {result.ReportPath}");
    }
}
