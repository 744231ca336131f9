using System.Text.RegularExpressions;
using BulkRefunds.Database;
using BulkRefunds.Manifests;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Tests.Staging;

/// <summary>The one mapping between <see cref="RowState"/> and the text in <c>bulkrefunds.manifest_row.state</c>.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class RowStateTextTests(PostgresFixture postgres)
{
    [Fact]
    public void Parse_TextOfEveryState_GivesThatState()
    {
        var states = Enum.GetValues<RowState>();

        Assert.Equal(states, states.Select(state => RowStateText.Parse(RowStateText.Of(state))));
    }

    [Fact]
    public void Parse_TextNotInTheSchema_Throws()
    {
        Assert.Throws<FormatException>(() => RowStateText.Parse("InDoubt"));
    }

    [Fact]
    public void ManifestActionTextParse_TextOfEveryAction_GivesThatAction()
    {
        var actions = Enum.GetValues<ManifestAction>();

        Assert.Equal(actions, actions.Select(action => ManifestActionText.Parse(ManifestActionText.Of(action))));
    }

    [Fact]
    public async Task Of_EveryState_IsExactlyTheSchemasStateCheck()
    {
        await using var connection = await MigratedAsync("row_states");

        var check = await connection.QuerySingleAsync<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'manifest_row_state_check'");

        var schemaStates = Quoted().Matches(check).Select(match => match.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(schemaStates, Enum.GetValues<RowState>().Select(RowStateText.Of).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DapperEnumMapping_StoredText_CannotBeReadAsRowState()
    {
        // Why stores map states themselves: Dapper parses an enum from text by its C# name and ignores type handlers for enums.
        await using var connection = await MigratedAsync("dapper_enum");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.QuerySingleAsync<StoredState>("SELECT 'in_doubt'::text AS state"));

        Assert.Contains("Requested value 'in_doubt' was not found", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<NpgsqlConnection> MigratedAsync(string purpose)
    {
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private sealed record StoredState(RowState State);

    [GeneratedRegex("'([a-z_]+)'::text")]
    private static partial Regex Quoted();
}
