using System.Text.Json;
using BulkRefunds.Manifests;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>validate --format json</c>, for scripts: <c>{"problems": [{"line", "column", "problem", "value"}…], "totals": {…}}</c>,
/// every problem of every row, streamed as the rows are read. A rejected file still exits 1 with its message on stderr.
/// </summary>
public sealed class ProblemJson(Utf8JsonWriter json) : IAsyncDisposable
{
    // Klarna's own limit for a text field: a value longer than that is cut, not printed whole (a 500 kB description).
    private const int MaxValueLength = 255;

    private int rows;
    private int badRows;
    private int problems;

    public void Start()
    {
        json.WriteStartObject();
        json.WriteStartArray("problems");
    }

    public void Add(ManifestRow row)
    {
        rows++;
        if (row.IsValid)
        {
            return;
        }

        badRows++;
        foreach (var problem in row.Problems)
        {
            problems++;
            json.WriteStartObject();
            json.WriteNumber("line", row.LineNumber);
            json.WriteString("column", problem.Column);
            json.WriteString("problem", problem.Message);
            json.WriteString("value", problem.Value is null ? null : TextCut.Truncate(problem.Value, MaxValueLength));
            json.WriteEndObject();
        }
    }

    public void Finish()
    {
        json.WriteEndArray();
        json.WriteStartObject("totals");
        json.WriteNumber("rows", rows);
        json.WriteNumber("rows_with_problems", badRows);
        json.WriteNumber("problems", problems);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public int ExitCode => badRows == 0 ? ExitCodes.Done : ExitCodes.RowsNeedAttention;

    public async ValueTask DisposeAsync() => await json.DisposeAsync();
}
