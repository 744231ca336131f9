using BulkRefunds.Klarna;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Settlements;

/// <summary>
/// Fetches an account's payouts in a window and each new payout's transactions, and stores them batch by batch:
/// memory stays flat whatever the month's size (one batch of lines and one counter per distinct line of the payout
/// being read). Idempotent: a payout already stored is complete (it is written after its transactions) and is not
/// fetched again; a payout cut short by a crash is fetched again and its lines already stored are skipped.
/// </summary>
public sealed class SettlementIngest(KlarnaAccounts accounts, SettlementStore store, IOptions<SettlementOptions> options, TimeProvider timeProvider,
    ILogger<SettlementIngest> logger)
{
    /// <summary>Lines per INSERT: a few pages of Klarna's 500, one round trip each.</summary>
    public const int BatchSize = 2000;

    /// <summary>
    /// Ingests payouts whose payout date lies in [from, to] (UTC). Without <paramref name="from"/>: the latest stored payout
    /// minus Settlements:OverlapDays, or now minus Settlements:LookbackDays on the first run; without <paramref name="to"/>: now.
    /// </summary>
    public async Task<IngestResult> RunAsync(string account, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var client = accounts.Settlements(account);
        var now = timeProvider.GetUtcNow();
        var start = from ?? (await store.WatermarkAsync(account, cancellationToken) is { } latest
            ? latest - options.Value.Overlap
            : now - options.Value.Lookback);
        var end = to ?? now;
        var (listed, stored, read, written) = (0, 0, 0L, 0L);
        await foreach (var payout in client.GetPayoutsAsync(start, end, cancellationToken))
        {
            listed++;
            if (await store.PayoutExistsAsync(account, payout.PaymentReference, cancellationToken))
            {
                continue;
            }

            var (payoutRead, payoutWritten) = await IngestTransactionsAsync(account, client, payout.PaymentReference, cancellationToken);
            (read, written) = (read + payoutRead, written + payoutWritten);
            stored += await store.WritePayoutAsync(account, payout, timeProvider.GetUtcNow(), cancellationToken) ? 1 : 0;
        }

        logger.LogInformation("Settlements of {Account} from {From:O} to {To:O}: {Listed} payouts listed, {Stored} new, {Transactions} transactions stored",
            account, start, end, listed, stored, written);
        return new IngestResult(account, start, end, listed, stored, read, written);
    }

    private async Task<(long Read, long Written)> IngestTransactionsAsync(string account, KlarnaSettlementsClient client, string paymentReference,
        CancellationToken cancellationToken)
    {
        var numbering = new LineNumbering();
        var batch = new List<SettlementLine>(BatchSize);
        var (read, written) = (0L, 0L);
        await foreach (var transaction in client.GetTransactionsAsync(paymentReference, cancellationToken))
        {
            read++;
            batch.Add(numbering.Next(transaction));
            if (batch.Count == BatchSize)
            {
                written += await store.WriteLinesAsync(account, paymentReference, batch, cancellationToken);
                batch.Clear();
            }
        }

        written += await store.WriteLinesAsync(account, paymentReference, batch, cancellationToken);
        return (read, written);
    }
}
