using System.Globalization;
using BulkRefunds.Dispatch;
using BulkRefunds.KlarnaSimulator;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// The resolve door: an operator resolves a needs_review row with what Klarna's portal shows — the truth of the
/// simulator's ledger, as an honest operator would read it: refunded (with its refund id) only when the ledger holds a
/// refund carrying this row's tag, not applied otherwise. Four-eyes is on: a second operator confirms, rejects, or
/// leaves it pending.
/// </summary>
internal sealed partial class LifecycleRun
{
    private const string ReviewRowsSql = """
        SELECT row_id, line_number FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = 'needs_review' ORDER BY line_number
        """;

    private async Task ResolveAsync(LifecycleStep step, Guid manifestId, CancellationToken cancellationToken)
    {
        var rows = await ReviewRowsAsync(manifestId, cancellationToken);
        if (rows.Count == 0)
        {
            Note($"resolve {model.Describe(manifestId)}: no row needs review");
            return;
        }

        var (rowId, line) = rows[step.Mask % rows.Count];
        var (proposer, other) = (Operators[step.Extra % 2], Operators[(step.Extra + 1) % 2]);
        var proposed = await ResolveTruthfullyAsync(manifestId, rowId, line, proposer, cancellationToken);
        var resolutions = world.Main.Get<RowResolutions>();
        var second = (step.Pick / 7 % 3) switch
        {
            0 => "left pending",
            1 => (await resolutions.ConfirmAsync(manifestId, rowId, other, null, cancellationToken)).Message,
            _ => (await resolutions.RejectAsync(manifestId, rowId, other, cancellationToken)).Message,
        };
        Note($"resolve {model.Describe(manifestId)} line {line} by {proposer}: {proposed} / {other}: {second}");
    }

    // The final drive: every row still in review is resolved with the truth and confirmed, so its return goes on
    // (refunded: reported succeeded; not applied: retried in the next round).
    private async Task ResolveAllAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        foreach (var (rowId, line) in await ReviewRowsAsync(manifestId, cancellationToken))
        {
            var resolutions = world.Main.Get<RowResolutions>();
            await resolutions.RejectAsync(manifestId, rowId, "carol", cancellationToken);
            var proposed = await ResolveTruthfullyAsync(manifestId, rowId, line, "alice", cancellationToken);
            Note($"  resolve {model.Describe(manifestId)} line {line}: {proposed} / {(await resolutions.ConfirmAsync(manifestId, rowId, "bob", null, cancellationToken)).Message}");
        }
    }

    private async Task<string> ResolveTruthfullyAsync(Guid manifestId, long rowId, int line, string user, CancellationToken cancellationToken)
    {
        var tag = string.Create(CultureInfo.InvariantCulture, $"BR-{manifestId.ToString("N")[..12]}-L{line}");
        var refund = (await world.Klarna.LedgerAsync()).FirstOrDefault(entry => entry.Kind == LedgerEntry.RefundKind && LifecycleSnapshot.TagOf(entry) == tag);
        var result = refund is null
            ? await world.Main.Get<RowResolutions>().ResolveAsync(manifestId, rowId, user, ResolutionOutcome.NotApplied, null,
                "No refund with this row's reference on the order", cancellationToken)
            : await world.Main.Get<RowResolutions>().ResolveAsync(manifestId, rowId, user, ResolutionOutcome.Refunded, refund.RefundId,
                "The portal lists the refund", cancellationToken);
        return result.Message;
    }

    private async Task<List<(long RowId, int Line)>> ReviewRowsAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await world.Main.Get<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(long, int)>(new CommandDefinition(ReviewRowsSql, new { ManifestId = manifestId }, cancellationToken: cancellationToken))];
    }
}
