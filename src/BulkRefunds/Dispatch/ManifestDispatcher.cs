using System.Collections.Concurrent;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Sends every open row of a manifest: claims a batch, sends it with bounded concurrency, records the
/// outcomes (while the next batch is sent), and repeats. Safe to run twice at once and to kill at any line: all state is in PostgreSQL.
/// </summary>
public sealed class ManifestDispatcher(
    DispatchStore store, OrderSender sender, ManifestCompletion completion,
    IOptions<DispatchOptions> options, TimeProvider timeProvider, BulkRefundsTelemetry telemetry, ILogger<ManifestDispatcher> logger)
{
    public async Task DispatchAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartDispatch(manifestId);
        // Every line logged while this manifest is sent, by any room, carries its id (JSON console logs show scopes).
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ManifestId"] = manifestId });
        var settings = options.Value;
        var owner = Guid.NewGuid(); // names this worker's leases; never sent to Klarna
        var sent = 0;
        // A batch's outcomes are written while the next batch is sent, so Klarna's budget does not idle while the
        // database records; at most one recording is pending, and it is awaited before the next one and before completion.
        Task<int>? recording = null;
        try
        {
            while (true)
            {
                var batch = await store.ClaimAsync(manifestId, owner, settings.BatchSize, settings.LeaseSeconds, timeProvider.GetUtcNow(),
                    (row, lines) => RequestBodies.For(manifestId, row, lines), cancellationToken);
                if (batch.Count == 0)
                {
                    if (recording is null)
                    {
                        break;
                    }

                    // Recording may stage rows again (a new key after Klarna's window): claim once more after it.
                    sent += await recording;
                    recording = null;
                    continue;
                }

                var outcomes = await SendBatchAsync(batch, owner, settings, cancellationToken);
                sent += recording is null ? 0 : await recording;
                recording = RecordAsync(manifestId, owner, outcomes, cancellationToken);
            }
        }
        catch when (recording is not null)
        {
            // Let the outcomes already sent be written before the job fails; its own failure leaves the rows to the lease.
            await Task.WhenAny(recording);
            throw;
        }

        logger.LogInformation("Manifest {ManifestId}: this worker finished {Rows} rows", manifestId, sent);
        await completion.CompleteIfDoneAsync(manifestId, cancellationToken);
    }

    private async Task<int> RecordAsync(Guid manifestId, Guid owner, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken)
    {
        var (recorded, handedTo) = await store.RecordOutcomesAsync(owner, outcomes, cancellationToken);
        if (handedTo.Count > 0)
        {
            logger.LogInformation("Manifest {ManifestId} was cancelled and rows of it failed (proven not applied): {Manifests} that repeated their returns now hold them and wait for approval",
                manifestId, string.Join(", ", handedTo));
        }

        if (recorded < outcomes.Count)
        {
            logger.LogWarning("Manifest {ManifestId}: {Lost} outcomes were not recorded because their lease had passed to another worker; it resends them with the same keys",
                manifestId, outcomes.Count - recorded);
        }

        return recorded;
    }

    private async Task<IReadOnlyList<RowOutcome>> SendBatchAsync(IReadOnlyList<ClaimedRow> batch, Guid owner, DispatchOptions settings, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentQueue<RowOutcome>();
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Retries can outlast a lease; renewing it keeps another worker from resending rows we still hold.
        var renewing = RenewLeasesAsync(owner, [.. batch.Select(row => row.RowId)], settings.LeaseSeconds, renewal.Token);
        try
        {
            // Rows of one order go one after another (preflight and over-refund arithmetic); orders go in parallel.
            var orders = batch.GroupBy(row => (row.Account, row.OrderId)).Select(group => group.ToList());
            await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (rows, token) =>
                {
                    foreach (var outcome in await sender.SendAsync(rows, token))
                    {
                        outcomes.Enqueue(outcome);
                    }
                });
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }

        return [.. outcomes];
    }

    private async Task RenewLeasesAsync(Guid owner, long[] rowIds, int leaseSeconds, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, leaseSeconds / 3)), timeProvider, cancellationToken);
                try
                {
                    await store.ExtendLeaseAsync(owner, rowIds, leaseSeconds, cancellationToken);
                }
                catch (Npgsql.NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A missed renewal only risks another worker resending these rows with the same keys; the batch's
                    // outcomes are still worth writing, so the batch goes on.
                    logger.LogWarning(exception, "Could not renew the leases of worker {Owner}; trying again", owner);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch is done.
        }
    }
}
