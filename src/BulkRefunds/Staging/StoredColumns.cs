using System.Data.Common;
using BulkRefunds.Manifests;

namespace BulkRefunds.Staging;

/// <summary>
/// The current row of a result set, read by column name, for stores whose records carry a <see cref="RowState"/>:
/// Dapper parses an enum from text by its C# name (<c>in_doubt</c> is not <c>InDoubt</c>) and ignores type handlers
/// for enums, so those records are built here, the state through <see cref="RowStateText"/>.
/// </summary>
internal readonly struct StoredColumns(DbDataReader reader)
{
    public T Value<T>(string column) => reader.GetFieldValue<T>(reader.GetOrdinal(column));

    public T? Nullable<T>(string column)
        where T : struct
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }

    public string? Text(string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public RowState State(string column) => RowStateText.Parse(Value<string>(column));

    public ManifestAction Action(string column) => ManifestActionText.Parse(Value<string>(column));
}
