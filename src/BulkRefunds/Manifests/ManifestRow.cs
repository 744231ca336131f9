namespace BulkRefunds.Manifests;

/// <summary>
/// One data row of a manifest after validation. A row with <see cref="Problems"/> is staged as invalid and
/// reported, never sent; a valid refund row has a currency and a positive amount in minor units, unless it carries
/// an order line (the refund's amount is then its group's).
/// </summary>
public sealed record ManifestRow(
    int LineNumber,
    string Account,
    ManifestAction Action,
    string OrderId,
    string? Currency,
    long? AmountMinor,
    string? Reference,
    string? Description,
    IReadOnlyList<RowProblem> Problems)
{
    /// <summary>The order line this row carries, if it has line columns.</summary>
    public ManifestLine? Line { get; init; }

    /// <summary>Whether the row fills line columns, valid or not: it then belongs to a refund group.</summary>
    public bool HasLine { get; init; }

    /// <summary>The return-fee shorthand: the fee charged back; <see cref="AmountMinor"/> is then the net refund.</summary>
    public long? ReturnFeeMinor { get; init; }

    /// <summary>The earlier line of the same file that this row repeats (it is then staged as a duplicate).</summary>
    public int? DuplicateOfLine { get; init; }

    /// <summary>A release row's earliest date.</summary>
    public DateOnly? NotBefore { get; init; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>The problems' messages, as staged and reported.</summary>
    public IEnumerable<string> Messages => Problems.Select(problem => problem.Message);
}
