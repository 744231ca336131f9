using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>What the Manifests page and <c>GET /api/manifests/{id}</c> show: each manifest, its progress and its money.</summary>
public sealed class ManifestOverviewStore(NpgsqlDataSource dataSource)
{
    internal const string ManifestsSql = ManifestStore.SelectColumns + """

        WHERE @ManifestId IS NULL OR manifest_id = @ManifestId
        ORDER BY uploaded_at DESC, manifest_id
        LIMIT @Limit
        """;

    // Counters kept by sql/0020's triggers, never a count of the rows: a few rows per manifest at any manifest size.
    // Keys whose rows fell to 0 are read for their changed_at (rows left them) and left out of the counts.
    internal const string CountsSql = """
        SELECT manifest_id, state, sum(rows)::int AS count, max(changed_at) AS changed_at FROM bulkrefunds.manifest_counter
        WHERE manifest_id = ANY(@Ids) GROUP BY manifest_id, state
        """;

    // The same money as the report's summary: refund rows that carry an amount (order-line rows are in their refund's),
    // which is what a counter's amount_minor holds; amounts are > 0, so a currency with such rows has a sum > 0.
    internal const string AmountsSql = """
        SELECT manifest_id, currency, sum(amount_minor)::bigint AS requested_minor,
               coalesce(sum(amount_minor) FILTER (WHERE state = 'succeeded'), 0)::bigint AS refunded_minor
        FROM bulkrefunds.manifest_counter
        WHERE manifest_id = ANY(@Ids) AND currency <> ''
        GROUP BY manifest_id, currency HAVING sum(amount_minor) > 0 ORDER BY manifest_id, currency
        """;

    // "settled x of y" (sql/0025): x from the settlement matches, by manifest on their index; y the succeeded refunds, from
    // the counters (rows with a currency: refunds, and releases that named one). Only manifests with a match get a line.
    internal const string SettledSql = """
        SELECT s.manifest_id, s.settled,
               coalesce((SELECT sum(c.rows) FROM bulkrefunds.manifest_counter c
                         WHERE c.manifest_id = s.manifest_id AND c.state = 'succeeded' AND c.currency <> ''), 0)::int AS succeeded
        FROM (SELECT manifest_id, count(*) FILTER (WHERE status = 'settled')::int AS settled
              FROM bulkrefunds.settlement_match WHERE manifest_id = ANY(@Ids) GROUP BY manifest_id) s
        """;

    internal const string ApprovalsSql = """
        SELECT manifest_id, approved_by, approved_at FROM bulkrefunds.manifest_approval
        WHERE manifest_id = ANY(@Ids) ORDER BY manifest_id, approved_at, approved_by
        """;

    public async Task<IReadOnlyList<ManifestOverview>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await ReadAsync(null, limit, cancellationToken);

    public async Task<ManifestOverview?> FindAsync(Guid manifestId, CancellationToken cancellationToken) =>
        (await ReadAsync(manifestId, 1, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<ManifestOverview>> ReadAsync(Guid? manifestId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var manifests = (await connection.QueryAsync<ManifestRecord>(new CommandDefinition(ManifestsSql,
            new { ManifestId = manifestId, Limit = limit }, cancellationToken: cancellationToken))).ToList();
        var ids = manifests.Select(manifest => manifest.ManifestId).ToArray();
        var counts = (await connection.QueryAsync<(Guid ManifestId, string State, int Count, DateTime ChangedAt)>(new CommandDefinition(CountsSql,
            new { Ids = ids }, cancellationToken: cancellationToken))).ToLookup(count => count.ManifestId);
        var amounts = (await connection.QueryAsync<(Guid ManifestId, string Currency, long Requested, long Refunded)>(new CommandDefinition(AmountsSql,
            new { Ids = ids }, cancellationToken: cancellationToken))).ToLookup(amount => amount.ManifestId);
        var settled = (await connection.QueryAsync<(Guid ManifestId, int Settled, int Succeeded)>(new CommandDefinition(SettledSql,
            new { Ids = ids }, cancellationToken: cancellationToken))).ToDictionary(settlement => settlement.ManifestId);
        var approvals = (await connection.QueryAsync<(Guid ManifestId, string ApprovedBy, DateTime ApprovedAt)>(new CommandDefinition(ApprovalsSql,
            new { Ids = ids }, cancellationToken: cancellationToken))).ToLookup(approval => approval.ManifestId);
        return [.. manifests.Select(manifest => new ManifestOverview(manifest,
            counts[manifest.ManifestId].Where(count => count.Count != 0).ToDictionary(count => RowStateText.Parse(count.State), count => count.Count),
            [.. amounts[manifest.ManifestId].Select(amount => new CurrencyAmounts(amount.Currency, amount.Requested, amount.Refunded))],
            [.. approvals[manifest.ManifestId].Select(approval => new ManifestApproval(approval.ApprovedBy, approval.ApprovedAt))])
        {
            RowsChangedAt = counts[manifest.ManifestId].Select(count => (DateTime?)count.ChangedAt).Max() is { } changed
                ? new DateTimeOffset(DateTime.SpecifyKind(changed, DateTimeKind.Utc)) : null,
            SettledRefunds = settled.TryGetValue(manifest.ManifestId, out var settlement) ? (settlement.Settled, settlement.Succeeded) : null,
        })];
    }
}
