using Hangfire;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The Hangfire door into dispatch: one job per manifest (never per row), arguments are ids only. Row
/// failures are handled inside; Hangfire retries only what escaped — the database or the process failing.
/// </summary>
public sealed class DispatchManifestJob(ManifestDispatcher dispatcher)
{
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Dispatch manifest {0}")]
    public Task RunAsync(Guid manifestId, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(manifestId, cancellationToken);
}
