using System.Globalization;

namespace BulkRefunds.Reports;

/// <summary>
/// The latest resolution by hand of a row (sql/0023): what the operator found in Klarna's portal, who said so and who
/// confirmed it. Pending until <see cref="AppliedAt"/>; the report's note says which.
/// </summary>
public sealed record HandResolution(string Outcome, string? RefundId, string Comment, string ProposedBy, DateTime ProposedAt)
{
    public DateTime? AppliedAt { get; init; }

    public string? ConfirmedBy { get; init; }

    public string? ConfirmComment { get; init; }

    public bool Applied => AppliedAt is not null;

    /// <summary>
    /// e.g. <c>Resolved by hand by alice on 2026-11-30: refunded (refund id r-1); confirmed by bob — found in the portal</c>.
    /// Plain words that start with a letter, so the report's formula escaping never has to touch it.
    /// </summary>
    public string Note(bool release)
    {
        var what = Outcome == "refunded" ? release ? "released" : $"refunded (refund id {RefundId})" : "not applied";
        var day = ProposedAt.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var confirmed = ConfirmedBy is null ? "" : $"; confirmed by {ConfirmedBy}{(ConfirmComment is null ? "" : $" ({ConfirmComment})")}";
        return Applied
            ? $"Resolved by hand by {ProposedBy} on {day}: {what}{confirmed} — {Comment}"
            : $"Resolution awaiting confirmation: {ProposedBy} on {day} found it {what} — {Comment}";
    }
}
