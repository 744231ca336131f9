using Hangfire;

namespace BulkRefunds.Tests.Web;

/// <summary>A Hangfire job that always fails and is not retried, as a job that ran out of its retries ends.</summary>
public static class FailingJob
{
    [AutomaticRetry(Attempts = 0)]
    public static void Run() => throw new InvalidOperationException("This job always fails.");
}
