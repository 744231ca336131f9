using BulkRefunds.Dispatch;
using BulkRefunds.Staging;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>Runs the recovery sweep, as its recurring job would but every half second, until no row of a manifest is open.</summary>
internal static class RecoverySweeps
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <exception cref="TimeoutException">Rows are still open when <paramref name="cancellationToken"/> fires.</exception>
    public static async Task RunUntilCompleteAsync(IServiceProvider services, Guid manifestId, CancellationToken cancellationToken)
    {
        var manifests = services.GetRequiredService<ManifestStore>();
        var open = -1;
        try
        {
            while (true)
            {
                try
                {
                    open = await manifests.CountOpenAsync(manifestId, cancellationToken);
                    if (open == 0)
                    {
                        return;
                    }

                    await services.GetRequiredService<RecoverySweepJob>().RunAsync(cancellationToken);
                }
                // A connection a test cut, still in a pool: this round fails, as the recurring sweep's run would, and the next
                // one gets a live connection.
                catch (NpgsqlException)
                {
                }
                catch (BackgroundJobClientException)
                {
                }

                await Task.Delay(Interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Manifest {manifestId} still had {open} open rows when the wait ended.");
        }
    }
}
