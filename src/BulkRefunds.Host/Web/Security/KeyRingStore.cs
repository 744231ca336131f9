using Dapper;
using Npgsql;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The SQL of the Data Protection key ring (<c>bulkrefunds.data_protection_key</c>, sql/0009). Synchronous because
/// <see cref="Microsoft.AspNetCore.DataProtection.Repositories.IXmlRepository"/> is.
/// </summary>
internal sealed class KeyRingStore(NpgsqlDataSource dataSource)
{
    private const string AllSql = "SELECT xml FROM bulkrefunds.data_protection_key ORDER BY created_at, friendly_name";

    // Two hosts creating their first key at once store two keys; both are valid and both are read back.
    private const string InsertSql = """
        INSERT INTO bulkrefunds.data_protection_key (friendly_name, xml) VALUES (@FriendlyName, @Xml)
        ON CONFLICT (friendly_name) DO NOTHING
        """;

    public IReadOnlyList<string> ReadAll()
    {
        using var connection = dataSource.OpenConnection();
        return [.. connection.Query<string>(AllSql)];
    }

    public void Insert(string friendlyName, string xml)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute(InsertSql, new { FriendlyName = friendlyName, Xml = xml });
    }
}
