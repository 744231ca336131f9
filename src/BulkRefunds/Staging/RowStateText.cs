namespace BulkRefunds.Staging;

/// <summary>
/// The text of each <see cref="RowState"/> in <c>bulkrefunds.manifest_row.state</c>, the one mapping between them, used
/// only at the store boundary (and where a state is shown as the database writes it: the API's counts, the dashboard).
/// Written out, not derived from the names: Dapper would parse <c>in_doubt</c> by name (and fail) and write an enum as
/// its number, and it ignores type handlers for enums, so stores read the text and call <see cref="Parse"/>.
/// </summary>
public static class RowStateText
{
    public static string Of(RowState state) => state switch
    {
        RowState.Staged => "staged",
        RowState.Sending => "sending",
        RowState.Succeeded => "succeeded",
        RowState.Failed => "failed",
        RowState.InDoubt => "in_doubt",
        RowState.NeedsReview => "needs_review",
        RowState.NotReleasable => "not_releasable",
        RowState.Invalid => "invalid",
        RowState.Duplicate => "duplicate",
        RowState.Scheduled => "scheduled",
        RowState.OrderLine => "order_line",
        RowState.Skipped => "skipped",
        RowState.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a row state."),
    };

    /// <summary>The texts of <paramref name="states"/>, as a parameter for <c>state = ANY(@States)</c>.</summary>
    public static string[] Of(IEnumerable<RowState> states) => [.. states.Select(Of)];

    public static RowState Parse(string text) => text switch
    {
        "staged" => RowState.Staged,
        "sending" => RowState.Sending,
        "succeeded" => RowState.Succeeded,
        "failed" => RowState.Failed,
        "in_doubt" => RowState.InDoubt,
        "needs_review" => RowState.NeedsReview,
        "not_releasable" => RowState.NotReleasable,
        "invalid" => RowState.Invalid,
        "duplicate" => RowState.Duplicate,
        "scheduled" => RowState.Scheduled,
        "order_line" => RowState.OrderLine,
        "skipped" => RowState.Skipped,
        "superseded" => RowState.Superseded,
        _ => throw new FormatException($"'{text}' is not a row state of bulkrefunds.manifest_row."),
    };

    /// <summary>Counts per state keyed by the state's text, in the same order, for answers and pages that show the stored text.</summary>
    public static IReadOnlyDictionary<string, int> Keyed(IReadOnlyDictionary<RowState, int> counts) =>
        counts.ToDictionary(pair => Of(pair.Key), pair => pair.Value, StringComparer.Ordinal);
}
