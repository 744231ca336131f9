namespace BulkRefunds.Staging;

/// <summary>
/// The return invariant of sql/0010 as SQL fragments, so every statement that asks "who holds this return" asks it in
/// the words of the constraint (<c>manifest_row_one_live_row_per_return</c>) and can use its index.
/// </summary>
internal static class ReturnInvariant
{
    /// <summary>The constraint's predicate for a row aliased <c>o</c>: it may still move money or may have moved it.</summary>
    public const string LiveOther = """
        (o.action = 'release' OR o.reference IS NOT NULL)
        AND (o.state IN ('staged', 'scheduled', 'sending', 'succeeded', 'in_doubt', 'needs_review') OR (o.state = 'failed' AND o.retryable))
        """;

    /// <summary>The constraint's name, as PostgreSQL reports it when a commit would leave two live rows for one return.</summary>
    public const string ConstraintName = "manifest_row_one_live_row_per_return";

    public static bool IsViolation(Npgsql.PostgresException exception) =>
        exception is { SqlState: Npgsql.PostgresErrorCodes.ExclusionViolation, ConstraintName: ConstraintName };

    /// <summary>
    /// Runs a transaction again (three tries in all) when the constraint refused its commit because another door took one
    /// of its returns at the same moment (Cancel handing a return on while an import judges it); the next try sees the holder.
    /// </summary>
    public static async Task<T> RetryRacesAsync<T>(Func<Task<T>> transaction, Action? onRace = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (Npgsql.PostgresException exception) when (attempt < 3 && IsViolation(exception))
            {
                onRace?.Invoke();
            }
        }
    }
}
