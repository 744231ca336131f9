using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Releases;

/// <summary>
/// Decides what a release sweep does, calling nothing but GET order: release rows that are due, and (with
/// AutoReleaseAfterDays) refunded orders whose remaining authorization has gone stale.
/// </summary>
public sealed class ReleasePlanner(ReleaseRunStore store, KlarnaAccounts accounts, IOptions<ReleaseOptions> options, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<ReleaseCandidate>> PlanAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var plan = new List<ReleaseCandidate>();
        foreach (var due in await store.DueReleasesAsync(settings.Today(timeProvider), cancellationToken))
        {
            var verdict = await CheckAsync(due.Account, due.OrderId, staleAfterDays: null, cancellationToken);
            plan.Add(new ReleaseCandidate($"manifest {due.ManifestId} line {due.LineNumber}", due.Account, due.OrderId, verdict is null, verdict ?? "due and part-captured"));
        }

        return [.. plan, .. await StaleAsync(settings.AutoReleaseAfterDays, cancellationToken)];
    }

    /// <summary>Refunded orders whose remaining authorization has had no capture for the configured number of days.</summary>
    public async Task<IReadOnlyList<ReleaseCandidate>> StaleAsync(int afterDays, CancellationToken cancellationToken)
    {
        if (afterDays <= 0)
        {
            return [];
        }

        var plan = new List<ReleaseCandidate>();
        foreach (var (account, orderId) in await store.RefundedWithoutReleaseAsync(cancellationToken))
        {
            var verdict = await CheckAsync(account, orderId, afterDays, cancellationToken);
            plan.Add(new ReleaseCandidate("auto-release", account, orderId, verdict is null, verdict ?? $"part-captured, no capture for {afterDays} days"));
        }

        return plan;
    }

    private async Task<string?> CheckAsync(string account, string orderId, int? staleAfterDays, CancellationToken cancellationToken)
    {
        if (!accounts.Names.Contains(account))
        {
            return $"account '{account}' is not configured";
        }

        switch (await accounts.Get(account).GetOrderAsync(orderId, cancellationToken))
        {
            case KlarnaOrderFound { Order: var order }:
                // The same rules dispatch applies again when it sends the release.
                return Preflight.CheckRelease(order, staleAfterDays, timeProvider.GetUtcNow())?.Message;
            case KlarnaFailure failure:
                return $"the order could not be read ({failure.Error.ErrorCode})";
            default:
                return "the order could not be read";
        }
    }
}
