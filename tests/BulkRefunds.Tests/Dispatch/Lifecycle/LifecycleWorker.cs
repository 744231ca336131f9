using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// One worker process on the shared database: its host (built, not started — no Hangfire server, so nothing runs
/// behind the test's back) and the test's own view of its doors, with its dispatchers on the shared shifted clock.
/// </summary>
internal sealed class LifecycleWorker(string name, AppHost app, ShiftedClock clock) : IAsyncDisposable
{
    /// <summary>Small batches and few attempts, so crashes land mid-manifest and retry budgets run out.</summary>
    public static DispatchOptions Settings { get; } = new()
    {
        BatchSize = 3,
        Concurrency = 2,
        MaxAttempts = 3,
        LeaseSeconds = LeaseSeconds,
        FirstRetryDelayMilliseconds = 50,
        MaxRetryDelaySeconds = 1,
    };

    public const int LeaseSeconds = 2;

    public string Name => name;

    public IServiceProvider Services => app.Services;

    /// <summary>The dispatch jobs this worker's doors enqueued and nobody has run yet.</summary>
    public QueuedDispatches Queue { get; } = new();

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>The host's dispatcher with the test's settings and clock in every layer (built per call: cheap, and no state).</summary>
    public ManifestDispatcher Dispatcher()
    {
        var options = Options.Create(Settings);
        var reconciler = ActivatorUtilities.CreateInstance<InDoubtReconciler>(app.Services, (TimeProvider)clock);
        var rows = ActivatorUtilities.CreateInstance<RowSender>(app.Services, options, reconciler, (TimeProvider)clock);
        var orders = ActivatorUtilities.CreateInstance<OrderSender>(app.Services, options, rows, (TimeProvider)clock);
        var completion = ActivatorUtilities.CreateInstance<ManifestCompletion>(app.Services, (TimeProvider)clock);
        return ActivatorUtilities.CreateInstance<ManifestDispatcher>(app.Services, options, orders, completion, (TimeProvider)clock);
    }

    /// <summary>The operator's doors; what they enqueue lands in <see cref="Queue"/>.</summary>
    public OperatorActions Actions() => ActivatorUtilities.CreateInstance<OperatorActions>(app.Services, QueuedDispatch());

    /// <summary>The recurring recovery sweep, then the dispatch jobs it (and anything before it) enqueued, run here.</summary>
    public async Task SweepAsync(Func<Guid, bool> ours, CancellationToken cancellationToken)
    {
        await ActivatorUtilities.CreateInstance<RecoverySweepJob>(app.Services, QueuedDispatch()).RunAsync(cancellationToken);
        foreach (var manifestId in Queue.TakeAll().Where(ours))
        {
            await Dispatcher().DispatchAsync(manifestId, cancellationToken);
        }
    }

    // The host's dispatch door over the test's queue instead of Hangfire's.
    private DispatchQueue QueuedDispatch() => new((Hangfire.IBackgroundJobClient)Queue);

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
