using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BulkRefunds.Telemetry;

/// <summary>
/// The service's meter and activity source, both named <c>BulkRefunds</c>; docs/operations.md lists every instrument and
/// its labels. The meter comes from <see cref="IMeterFactory"/>, so each host owns its own (the tests build many). Durations
/// are whole milliseconds: the analyzers keep floating point out of this codebase, and Klarna calls are not sub-millisecond.
/// </summary>
public sealed class BulkRefundsTelemetry : IDisposable
{
    public const string Name = "BulkRefunds";

    private readonly Counter<long> rowsFinished;
    private readonly Counter<long> klarnaRequests;
    private readonly Histogram<long> klarnaDuration;
    private readonly Counter<long> klarnaRateLimited;
    private readonly Histogram<long> rateBudgetWait;
    private readonly Counter<long> rowsImported;
    private readonly Histogram<long> importDuration;
    private readonly Counter<long> jobsFailed;

    public BulkRefundsTelemetry(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(Name);
        ActivitySource = new ActivitySource(Name);
        rowsFinished = Meter.CreateCounter<long>("bulkrefunds.rows.finished", "{row}", "Rows whose dispatch outcome was recorded, by account, action and state.");
        klarnaRequests = Meter.CreateCounter<long>("bulkrefunds.klarna.requests", "{request}", "Requests to Klarna by account, operation and status class.");
        klarnaDuration = Meter.CreateHistogram<long>("bulkrefunds.klarna.request.duration", "ms", "Time from sending a request to Klarna to its decoded answer.");
        klarnaRateLimited = Meter.CreateCounter<long>("bulkrefunds.klarna.rate_limited", "{response}", "429 Too Many Requests answers from Klarna, by account.");
        rateBudgetWait = Meter.CreateHistogram<long>("bulkrefunds.klarna.rate_budget.wait", "ms", "Time a request waited for the account's rate budget.");
        rowsImported = Meter.CreateCounter<long>("bulkrefunds.rows.imported", "{row}", "Rows staged by imports (every state, invalid and duplicate included).");
        importDuration = Meter.CreateHistogram<long>("bulkrefunds.import.duration", "ms", "Time to stage one manifest file.");
        jobsFailed = Meter.CreateCounter<long>("bulkrefunds.jobs.failed", "{job}", "Hangfire jobs that ended Failed after their retries, by job type.");
    }

    public Meter Meter { get; }

    public ActivitySource ActivitySource { get; }

    public void RowsFinished(string account, string action, string state, long rows) =>
        rowsFinished.Add(rows, new("account", account), new("action", action), new("state", state));

    public void KlarnaRequest(string account, string operation, int? httpStatus, TimeSpan elapsed)
    {
        var statusClass = httpStatus is { } status ? $"{status / 100}xx" : "none";
        klarnaRequests.Add(1, new("account", account), new("operation", operation), new("status_class", statusClass));
        klarnaDuration.Record(Milliseconds(elapsed), new("account", account), new("operation", operation));
        if (httpStatus == 429)
        {
            klarnaRateLimited.Add(1, new KeyValuePair<string, object?>("account", account));
        }
    }

    public void RateBudgetWaited(string account, TimeSpan waited) =>
        rateBudgetWait.Record(Milliseconds(waited), new KeyValuePair<string, object?>("account", account));

    public void Imported(long rows, TimeSpan elapsed)
    {
        rowsImported.Add(rows);
        importDuration.Record(Milliseconds(elapsed));
    }

    public void JobFailed(string job) => jobsFailed.Add(1, new KeyValuePair<string, object?>("job", job));

    /// <summary>The span of one manifest's dispatch by this worker.</summary>
    public Activity? StartDispatch(Guid manifestId) =>
        ActivitySource.StartActivity("dispatch manifest")?.SetTag(TelemetryTags.ManifestId, manifestId.ToString("D"));

    /// <summary>The span of one row's sending; it takes the manifest id from the dispatch span around it.</summary>
    public Activity? StartRow(int lineNumber, string orderId) =>
        StartChild("send row", ActivityKind.Internal)?.SetTag(TelemetryTags.LineNumber, lineNumber).SetTag(TelemetryTags.OrderId, orderId);

    /// <summary>
    /// The span of one call to Klarna. Klarna's client knows no manifests, so the manifest id and line number come from the
    /// span it runs in (a row's, or a dispatch's for the order looked up before its rows are sent).
    /// </summary>
    public Activity? StartKlarnaCall(string account, string operation, string orderId) =>
        StartChild($"Klarna {operation}", ActivityKind.Client)?.SetTag(TelemetryTags.Account, account).SetTag(TelemetryTags.Operation, operation).SetTag(TelemetryTags.OrderId, orderId);

    public void Dispose() => ActivitySource.Dispose();

    private Activity? StartChild(string name, ActivityKind kind)
    {
        var parent = Activity.Current;
        var activity = ActivitySource.StartActivity(name, kind);
        foreach (var tag in (ReadOnlySpan<string>)[TelemetryTags.ManifestId, TelemetryTags.LineNumber])
        {
            if (activity is not null && parent?.GetTagItem(tag) is { } value)
            {
                activity.SetTag(tag, value);
            }
        }

        return activity;
    }

    private static long Milliseconds(TimeSpan elapsed) => elapsed.Ticks / TimeSpan.TicksPerMillisecond;
}
