using BulkRefunds.Audit;
using BulkRefunds.Database;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Tests.Audit;

/// <summary>
/// bulkrefunds.audit_entry (sql/0021) is append-only by the schema, not by our manners: even the owner the tests connect as
/// (a superuser) cannot change or remove an entry. And an entry is written in its act's transaction.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditEntryTableTests(PostgresFixture postgres)
{
    private static readonly Guid ManifestId = Guid.Parse("018f0000-0000-7000-8000-0000000000a1");

    [Theory]
    [InlineData("UPDATE bulkrefunds.audit_entry SET detail = 'nothing happened', actor = 'mallory'")]
    [InlineData("DELETE FROM bulkrefunds.audit_entry")]
    [InlineData("DELETE FROM bulkrefunds.audit_entry WHERE act = 'approve'")]
    [InlineData("TRUNCATE bulkrefunds.audit_entry")]
    public async Task AuditEntry_ChangedOrRemovedByTheOwner_IsRefusedAndTheEntriesStay(string change)
    {
        var (dataSource, trail) = await StartAsync("audit_refuse");
        await using var _ = dataSource;
        await trail.RecordAsync(new AuditEntry(AuditAct.Upload, "otto", ManifestId, null, "uploaded returns.csv: 2 row(s)"), default);
        await trail.RecordAsync(new AuditEntry(AuditAct.Approve, "olga", ManifestId, null, "approval 1 of 1"), default);
        await using var connection = await dataSource.OpenConnectionAsync();
        var superuser = await connection.ExecuteScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        var before = await EntriesAsync(connection);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(change));

        Assert.True(superuser);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(2, before.Count);
        Assert.Equal(before, await EntriesAsync(connection));
    }

    [Fact]
    public async Task RecordAsync_InATransactionThatRollsBack_LeavesNoEntry()
    {
        var (dataSource, trail) = await StartAsync("audit_rollback");
        await using var _ = dataSource;
        await using var connection = await dataSource.OpenConnectionAsync();

        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await trail.RecordAsync(connection, rolledBack, new AuditEntry(AuditAct.Retry, "otto", ManifestId, null, "retried 3 row(s)"), default);
            await rolledBack.RollbackAsync();
        }

        await using (var committed = await connection.BeginTransactionAsync())
        {
            await trail.RecordAsync(connection, committed, new AuditEntry(AuditAct.Cancel, "olga", ManifestId, null, "cancelled the rest"), default);
            await committed.CommitAsync();
        }

        Assert.Equal([("olga", "cancel", "cancelled the rest")], (await EntriesAsync(connection)).Select(entry => (entry.Item2, entry.Item3, entry.Item4)));
    }

    private async Task<(NpgsqlDataSource DataSource, AuditTrail Trail)> StartAsync(string purpose)
    {
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return (dataSource, new AuditTrail(dataSource, TimeProvider.System));
    }

    private static async Task<List<(long, string, string, string)>> EntriesAsync(NpgsqlConnection connection) =>
        [.. await connection.QueryAsync<(long, string, string, string)>("SELECT audit_id, actor, act, detail FROM bulkrefunds.audit_entry ORDER BY audit_id")];
}
