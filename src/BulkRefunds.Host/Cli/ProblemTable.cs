using BulkRefunds.Manifests;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>validate</c>'s answer for a person: one line per problem — line, column, the value the file holds, the problem — then
/// a one-line total. Values are cut short and invisible characters shown as <c>&lt;U+202E&gt;</c>, so the terminal shows
/// what the file holds and nothing in it can move the cursor or reverse the text.
/// </summary>
public sealed class ProblemTable(TextWriter output)
{
    private const int MaxListedRows = 200;
    private const int MaxValueLength = 30;

    private readonly List<(int Line, RowProblem Problem)> listed = [];
    private int rows;
    private int badRows;

    public void Add(ManifestRow row)
    {
        rows++;
        if (!row.IsValid && ++badRows <= MaxListedRows)
        {
            listed.AddRange(row.Problems.Select(problem => (row.LineNumber, problem)));
        }
    }

    public void Print()
    {
        if (listed.Count > 0)
        {
            var cells = listed.Select(item => (Line: item.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Column: item.Problem.Column ?? "(row)", Value: Quote(item.Problem.Value), Problem: InvisibleCharacters.Escape(item.Problem.Message))).ToList();
            var widths = (Line: Math.Max(4, cells.Max(cell => cell.Line.Length)), Column: Math.Max(6, cells.Max(cell => cell.Column.Length)),
                Value: Math.Max(5, cells.Max(cell => cell.Value.Length)));
            output.WriteLine($"{"line".PadRight(widths.Line)}  {"column".PadRight(widths.Column)}  {"value".PadRight(widths.Value)}  problem");
            foreach (var cell in cells)
            {
                output.WriteLine($"{cell.Line.PadRight(widths.Line)}  {cell.Column.PadRight(widths.Column)}  {cell.Value.PadRight(widths.Value)}  {cell.Problem}");
            }
        }

        if (badRows > MaxListedRows)
        {
            output.WriteLine($"… and {badRows - MaxListedRows} more rows with problems (--format json lists them all).");
        }

        output.WriteLine(badRows == 0
            ? $"OK: {rows} rows, no problems."
            : $"{badRows} of {rows} rows have problems; the other {rows - badRows} would be staged.");
    }

    public int ExitCode => badRows == 0 ? ExitCodes.Done : ExitCodes.RowsNeedAttention;

    /// <summary>The value as the file holds it, quoted, cut after <see cref="MaxValueLength"/> characters; empty when there is none.</summary>
    public static string Quote(string? value) => value is null ? "" : $"'{InvisibleCharacters.Escape(TextCut.Truncate(value, MaxValueLength))}'";
}
