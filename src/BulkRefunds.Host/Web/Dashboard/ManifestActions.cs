using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>Which operator actions apply to a manifest in its current state; the API refuses the others anyway.</summary>
public static class ManifestActions
{
    public static ManifestAction Approve { get; } = new("approve", "Approve", "btn-success",
        "Approve this manifest? Its rows will be refunded through Klarna.");

    public static ManifestAction Retry { get; } = new("retry", "Retry failed rows", "btn-warning",
        "Send the failed rows that can be retried again, with their stored keys? Succeeded rows are never sent again.");

    public static ManifestAction Cancel { get; } = new("cancel", "Cancel remaining", "btn-danger",
        "Cancel every row not sent yet? They are reported as skipped.");

    /// <param name="overview">The manifest.</param>
    /// <param name="mayApprove">False for the anonymous local operator under four-eyes, whom the API refuses to approve.</param>
    public static IEnumerable<ManifestAction> Applicable(ManifestOverview overview, bool mayApprove)
    {
        var rows = overview.RowsByState;
        if (overview.Status == ManifestOverview.AwaitingApproval)
        {
            if (mayApprove)
            {
                yield return Approve;
            }
        }
        else if (rows.GetValueOrDefault(RowState.Failed) + rows.GetValueOrDefault(RowState.InDoubt) > 0)
        {
            yield return Retry;
        }

        if (rows.GetValueOrDefault(RowState.Staged) + rows.GetValueOrDefault(RowState.Scheduled) > 0)
        {
            yield return Cancel;
        }
    }
}
