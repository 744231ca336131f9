using BulkRefunds.Dispatch;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// Hangfire's queue as the model sees it: the dispatch jobs that operator actions and the recovery sweep enqueue are
/// collected here and run by the test's own dispatchers (on the shifted clock) at a step of its choosing.
/// </summary>
internal sealed class QueuedDispatches : IBackgroundJobClient
{
    private readonly Lock gate = new();
    private readonly List<Guid> manifests = [];

    public string Create(Job job, IState state)
    {
        if (job.Type == typeof(DispatchManifestJob) && job.Args is [Guid manifestId, ..])
        {
            lock (gate)
            {
                manifests.Add(manifestId);
            }
        }

        return Guid.NewGuid().ToString("N");
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;

    /// <summary>The queued manifests (each once, in first-queued order); the queue is empty afterwards.</summary>
    public IReadOnlyList<Guid> TakeAll()
    {
        lock (gate)
        {
            var taken = manifests.Distinct().ToList();
            manifests.Clear();
            return taken;
        }
    }
}
