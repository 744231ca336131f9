namespace BulkRefunds.Staging;

/// <summary>Sets of <see cref="RowState"/> the rooms agree on.</summary>
public static class RowStates
{
    /// <summary>States that still need work; a manifest is complete when none of its rows is in one.</summary>
    public static IReadOnlyList<RowState> Open { get; } = [RowState.Staged, RowState.Sending];
}
