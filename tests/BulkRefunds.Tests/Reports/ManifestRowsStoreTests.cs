using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Reports;

/// <summary>The manifest page's reads: keyset pages of rows (all, or of one status) and progress per minute (sql/0024).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestRowsStoreTests(PostgresFixture postgres)
{
    [Fact]
    public async Task PageAsync_AllPagesWhileRowsChangeState_ReturnEveryRowExactlyOnceInLineOrder()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("rows_keyset"));
        var manifestId = await SeededRows.AddAsync(dataSource, "a", 1000);
        var store = new ManifestRowsStore(dataSource);

        var lines = new List<int>();
        var after = 0;
        for (var page = 0; ; page++)
        {
            var rows = await store.PageAsync(manifestId, null, after, 37, default);
            lines.AddRange(rows.Rows.Select(row => row.LineNumber));
            // Rows ahead of and behind the page move while the operator reads.
            await SeededRows.ExecuteAsync(dataSource, "UPDATE bulkrefunds.manifest_row SET state = 'skipped' WHERE manifest_id = @Id AND state = 'staged' AND line_number % 37 = @Page % 37",
                new { Id = manifestId, Page = page });
            if (rows.NextAfter is not { } next)
            {
                break;
            }

            after = next;
        }

        Assert.Equal(Enumerable.Range(2, 1000), lines);
    }

    [Fact]
    public async Task PageAsync_StatusFilterWhileOtherRowsChange_ReturnsEachRowOfThatStatusOnce()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("rows_keyset_state"));
        var manifestId = await SeededRows.AddAsync(dataSource, "b", 1000);
        await SeededRows.AddAsync(dataSource, "other", 100);
        var store = new ManifestRowsStore(dataSource);

        var failed = new List<ManifestRowView>();
        var after = 0;
        while (true)
        {
            var page = await store.PageAsync(manifestId, RowState.Failed, after, 25, default);
            failed.AddRange(page.Rows);
            await SeededRows.ExecuteAsync(dataSource, "UPDATE bulkrefunds.manifest_row SET state = 'skipped' WHERE manifest_id = @Id AND state = 'staged' AND line_number > @After AND line_number < @After + 40",
                new { Id = manifestId, After = after });
            if (page.NextAfter is not { } next)
            {
                break;
            }

            after = next;
        }

        Assert.Equal(Enumerable.Range(2, 1000).Where(line => line % 3 == 1), failed.Select(row => row.LineNumber));
        Assert.All(failed, row => Assert.Equal((RowState.Failed, "REFUND_NOT_ALLOWED", "Refund <not> allowed"), (row.State, row.ErrorCode, row.ErrorMessage)));
        Assert.Equal("b-order-3", failed[0].OrderId);
    }

    [Fact]
    public async Task AttemptsAsync_RowsOfAPage_ReturnTheirAttemptsOldestFirst()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("rows_attempts"));
        var manifestId = await SeededRows.AddAsync(dataSource, "c", 6);
        var store = new ManifestRowsStore(dataSource);
        var page = await store.PageAsync(manifestId, null, 0, 10, default);

        var attempts = (await store.AttemptsAsync([.. page.Rows.Select(row => row.RowId)], default)).ToLookup(attempt => attempt.RowId);

        var failed = page.Rows.First(row => row.State == RowState.Failed);
        Assert.Equal([(429, "retryable", "corr-c-order-3-throttled"), (400, "failed", "corr-c-order-3")],
            attempts[failed.RowId].Select(attempt => (attempt.HttpStatus!.Value, attempt.Outcome, attempt.CorrelationId!)));
        Assert.Empty(attempts[page.Rows.First(row => row.State == RowState.Staged).RowId]);
    }

    [Fact]
    public async Task MinutesAsync_RowsBecomingFinalAndThrottledAttempts_AreCountedPerMinuteByTheTriggers()
    {
        await using var dataSource = await SeededRows.MigratedAsync(await postgres.CreateDatabaseAsync("rows_minutes"));
        var manifestId = await SeededRows.AddAsync(dataSource, "d", 0);
        await SeededRows.ExecuteAsync(dataSource, """
            INSERT INTO bulkrefunds.manifest_row (manifest_id, line_number, account, action, order_id, currency, amount_minor, state, idempotency_key)
            SELECT @Id, i + 1, 'default', 'refund', 'd-' || i, 'EUR', 100, 'staged', gen_random_uuid() FROM generate_series(1, 5) i;
            UPDATE bulkrefunds.manifest_row SET state = 'sending' WHERE manifest_id = @Id;
            UPDATE bulkrefunds.manifest_row SET lease_until = now() WHERE manifest_id = @Id;
            UPDATE bulkrefunds.manifest_row SET state = 'succeeded', completed_at = '2026-01-01 10:00:30Z' WHERE manifest_id = @Id AND line_number <= 3;
            UPDATE bulkrefunds.manifest_row SET state = 'failed', completed_at = '2026-01-01 10:02:59Z' WHERE manifest_id = @Id AND line_number = 4;
            UPDATE bulkrefunds.manifest_row SET error_code = 'X' WHERE manifest_id = @Id AND line_number = 4;
            INSERT INTO bulkrefunds.row_attempt (row_id, attempted_at, outcome, http_status)
            SELECT row_id, '2026-01-01 10:02:10Z'::timestamptz, 'retryable', 429 FROM bulkrefunds.manifest_row WHERE manifest_id = @Id
            UNION ALL
            SELECT row_id, '2026-01-01 10:05:00Z'::timestamptz, 'retryable', 503 FROM bulkrefunds.manifest_row WHERE manifest_id = @Id;
            """, new { Id = manifestId });

        var minutes = await new ManifestRowsStore(dataSource).MinutesAsync(manifestId, 100, default);

        Assert.Equal(
            [new ManifestMinute(new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc), 2, 0), new ManifestMinute(new DateTime(2026, 1, 1, 10, 2, 0, DateTimeKind.Utc), 1, 5)],
            minutes);
    }
}
