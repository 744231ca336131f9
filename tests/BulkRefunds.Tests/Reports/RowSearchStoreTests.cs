using System.Text.Json;
using BulkRefunds.Reports;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>Search across manifests by each key (sql/0024's indexes), and the plans PostgreSQL picks for it on a large table.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RowSearchStoreTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(RowSearchKey.OrderId, "shared-order-3", "shared-order-3", 4)]
    [InlineData(RowSearchKey.Reference, "shared-ref-3", "shared-order-3", 4)]
    [InlineData(RowSearchKey.RefundId, "refund-shared-order-2", "shared-order-2", 3)]
    [InlineData(RowSearchKey.CorrelationId, "corr-shared-order-3-throttled", "shared-order-3", 4)]
    public async Task FindAsync_EachKey_FindsTheRowInBothManifestsNewestFirst(RowSearchKey key, string value, string orderId, int line)
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("search_keys"));
        // The same orders in two files: the first file's rows that did not fail were skipped, so the second may hold them again.
        var first = await SeededRows.AddAsync(dataSource, "shared", 10, "monday.csv");
        await SeededRows.ExecuteAsync(dataSource, "UPDATE bulkrefunds.manifest_row SET state = 'skipped' WHERE manifest_id = @Id AND state <> 'failed'", new { Id = first });
        var second = await SeededRows.AddAsync(dataSource, "shared", 10, "tuesday.csv");
        await SeededRows.AddAsync(dataSource, "unrelated", 10);

        var found = await new RowSearchStore(dataSource).FindAsync(key, value, 50, default);

        Assert.Equal([(second, "tuesday.csv", line, orderId), (first, "monday.csv", line, orderId)],
            found.Select(row => (row.ManifestId, row.FileName, row.Row.LineNumber, row.Row.OrderId)));
    }

    [Fact]
    public async Task FindAsync_UnknownValue_FindsNothing()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("search_none"));
        await SeededRows.AddAsync(dataSource, "a", 10);

        var found = await new RowSearchStore(dataSource).FindAsync(RowSearchKey.OrderId, "a-order-999", 50, default);

        Assert.Empty(found);
    }

    [Fact]
    public async Task SearchPlans_200kRowsAnalyzed_UseTheSearchIndexesAndNoSequentialScan()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("search_plans"));
        await SeededRows.AddAsync(dataSource, "big", 150_000);
        await SeededRows.AddAsync(dataSource, "more", 50_000);
        await SeededRows.ExecuteAsync(dataSource, "ANALYZE bulkrefunds.manifest_row; ANALYZE bulkrefunds.row_attempt; ANALYZE bulkrefunds.manifest;");
        var cases = new (RowSearchKey Key, string Value, string Index)[]
        {
            (RowSearchKey.OrderId, "big-order-77777", "manifest_row_order_search_idx"),
            (RowSearchKey.Reference, "big-ref-77777", "manifest_row_reference_search_idx"),
            (RowSearchKey.RefundId, "refund-big-order-77777", "manifest_row_refund_search_idx"),
            (RowSearchKey.CorrelationId, "corr-big-order-77777", "row_attempt_correlation_idx"),
        };

        var plans = new List<(RowSearchKey Key, string Index, List<JsonElement> Nodes)>();
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var (key, value, index) in cases)
        {
            var json = await connection.ExecuteScalarAsync<string>("EXPLAIN (FORMAT JSON) " + RowSearchStore.SqlFor(key), new { Value = value, Limit = 50 });
            using var document = JsonDocument.Parse(json!);
            plans.Add((key, index, [.. Nodes(document.RootElement[0].GetProperty("Plan").Clone())]));
        }

        Assert.All(plans, plan =>
        {
            Assert.Contains(plan.Nodes, node => node.TryGetProperty("Index Name", out var name) && name.GetString() == plan.Index
                && node.GetProperty("Node Type").GetString()!.Contains("Index Scan", StringComparison.Ordinal));
            Assert.DoesNotContain(plan.Nodes, node => node.GetProperty("Node Type").GetString() == "Seq Scan"
                && node.GetProperty("Relation Name").GetString() is "manifest_row" or "row_attempt");
        });
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement plan)
    {
        yield return plan;
        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }
}
