using System.Globalization;
using System.Text;
using BulkRefunds.Database;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using DbUp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Tests.Staging;

/// <summary>Order lines live in bulkrefunds.manifest_order_line (sql/0014), one row per line, not on every staged row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrderLineTableTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Import_LinesPastOneCopyBatch_StoresEachLineOnceAndGroupsAcrossTheBatchEdge()
    {
        // Lines are written in batches between COPYs of their rows. Refunds of up to 1,000 lines (Klarna's limit) on one
        // order; the last refund's two lines straddle the first batch's edge. The plain refund row gets no line.
        var lines = OrderLineCopyStore.BatchSize + 1;
        var csv = new StringBuilder("order_id,currency,amount,reference,line_name,line_quantity,line_unit_price\n");
        csv.Append("c0000000-0000-4000-8000-000000000000,EUR,3.00,RMA-PLAIN,,,\n");
        for (var i = 1; i <= lines; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c0000000-0000-4000-8000-000000000001,EUR,,RMA-{i / 1000},Shoes,1,1.00\n");
        }

        using var folder = new TempFolder();
        var path = folder.File("many-lines.csv", csv.ToString());
        var connectionString = await postgres.CreateDatabaseAsync("line_batches");
        await using var simulator = await Simulator.StartAsync();
        await using var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path);

        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(path, "test", CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        var stored = (await connection.QueryAsync<(int LineNumber, long Total)>(
            "SELECT line_number, total_amount FROM bulkrefunds.manifest_order_line WHERE manifest_id = @Id ORDER BY line_number",
            new { Id = import.Manifest.ManifestId })).ToList();
        Assert.Equal(Enumerable.Range(3, lines), stored.Select(line => line.LineNumber));
        var straddling = await connection.QuerySingleAsync<(string State, long Amount)>(
            "SELECT state, amount_minor FROM bulkrefunds.manifest_row WHERE manifest_id = @Id AND line_number = @Line",
            new { Id = import.Manifest.ManifestId, Line = lines + 1 });
        Assert.Equal(("staged", 200L), straddling);
        Assert.Equal(new Dictionary<RowState, int> { [RowState.Staged] = 1 + 2, [RowState.OrderLine] = lines - 2 }, import.RowsByState);
    }

    [Fact]
    public async Task Migrate_DatabaseWithLinesOnManifestRow_MovesThemToTheLineTable()
    {
        var connectionString = await postgres.CreateDatabaseAsync("line_upgrade");
        await using (var create = new NpgsqlConnection(connectionString))
        {
            await create.ExecuteAsync("CREATE SCHEMA bulkrefunds");
        }

        UpgradeBefore(connectionString, "sql.0014");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            INSERT INTO bulkrefunds.manifest (manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count)
            VALUES ('018f0000-0000-7000-8000-000000000001', 'old.csv', repeat('a', 64), 1, now(), 'test', 2);
            INSERT INTO bulkrefunds.manifest_row (manifest_id, line_number, account, action, order_id, currency, amount_minor,
                reference, state, idempotency_key, has_line, group_line, line_name, line_reference, line_type, line_quantity,
                line_unit_price, line_total_amount, line_tax_rate, line_total_tax_amount, line_total_discount_amount)
            VALUES ('018f0000-0000-7000-8000-000000000001', 2, 'default', 'refund', 'A-1', 'EUR', 900, 'RMA-1', 'staged',
                    '00000000-0000-5000-8000-000000000002', true, 2, 'Shoes', 'SKU-1', 'physical', 1, 1000, 900, 2500, 180, 100),
                   ('018f0000-0000-7000-8000-000000000001', 3, 'default', 'refund', 'A-2', 'EUR', 500, 'RMA-2', 'staged',
                    '00000000-0000-5000-8000-000000000003', false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            """);

        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);

        var moved = await connection.QuerySingleAsync<(int, string, string, string, long, long, long, int, long, long)>("""
            SELECT line_number, name, reference, type, quantity, unit_price, total_amount, tax_rate, total_tax_amount, total_discount_amount
            FROM bulkrefunds.manifest_order_line
            """);
        Assert.Equal((2, "Shoes", "SKU-1", "physical", 1L, 1000L, 900L, 2500, 180L, 100L), moved);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'bulkrefunds' AND table_name = 'manifest_row' AND column_name LIKE 'line\\_%' AND column_name <> 'line_number'"));
    }

    // The schema as an older release left it: every script before `firstMissing`, journalled as SchemaMigrator does.
    private static void UpgradeBefore(string connectionString, string firstMissing)
    {
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString, "bulkrefunds")
            .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly,
                name => name.StartsWith("sql.", StringComparison.Ordinal) && string.CompareOrdinal(name, firstMissing) < 0)
            .JournalToPostgresqlTable("bulkrefunds", "schema_versions")
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);
    }
}
