using BulkRefunds.Dispatch;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// How one case disturbs dispatch: a second dispatcher on the same manifest at the same time, a crash (the first
/// dispatcher cancelled after <paramref name="CrashAfterMilliseconds"/>, its claimed rows left 'sending'), and the
/// dispatchers' own settings.
/// </summary>
internal sealed record ExactlyOnceSchedule(bool TwoDispatchers, int? CrashAfterMilliseconds, int BatchSize, int Concurrency, int MaxAttempts)
{
    /// <summary>A crashed worker's rows are claimable again once this lease has run out.</summary>
    public const int LeaseSeconds = 3;

    public DispatchOptions ToOptions() => new()
    {
        BatchSize = BatchSize,
        Concurrency = Concurrency,
        MaxAttempts = MaxAttempts,
        LeaseSeconds = LeaseSeconds,
        FirstRetryDelayMilliseconds = 50,
        MaxRetryDelaySeconds = 2,
    };

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"two dispatchers {TwoDispatchers}, crash after {(CrashAfterMilliseconds is { } crash ? $"{crash} ms" : "never")}, batch {BatchSize}, concurrency {Concurrency}, attempts {MaxAttempts}");
}
