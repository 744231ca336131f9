namespace BulkRefunds.Manifests;

/// <summary>The problems of the row being checked; one instance per file, cleared for each row.</summary>
internal sealed class RowProblems
{
    private readonly List<RowProblem> items = [];

    public int Count => items.Count;

    public void Clear() => items.Clear();

    /// <summary>A problem of the row as a whole, not of one column.</summary>
    public void Add(string message) => items.Add(new RowProblem(null, Reveal(message), null));

    public void Add(string column, string? value, string message) => items.Add(new RowProblem(column, Reveal(message), value));

    /// <summary>The row's problems as it keeps them: this list is reused for the next row.</summary>
    public IReadOnlyList<RowProblem> Snapshot() => items.Count == 0 ? [] : items.ToArray();

    // Problems quote what the file holds ("amount '5\0' is not…"); they are stored and reported, so nothing invisible.
    private static string Reveal(string message) => InvisibleCharacters.Reveal(message);
}
