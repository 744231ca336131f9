using Npgsql;

namespace BulkRefunds.Host.Web;

/// <summary>The one statement <c>/health</c> runs to learn whether PostgreSQL answers.</summary>
public sealed class HealthStore(NpgsqlDataSource dataSource)
{
    private const string PingSql = "SELECT 1";

    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PingSql);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }
}
