using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace BulkRefunds.Tests.Inbox;

/// <summary>The app's real Hangfire client, remembering every job created through it.</summary>
public sealed class RecordingJobClient(IBackgroundJobClient inner) : IBackgroundJobClient
{
    private readonly List<Job> created = [];

    public IReadOnlyList<Job> Created
    {
        get
        {
            lock (created)
            {
                return created.ToList();
            }
        }
    }

    public string Create(Job job, IState state)
    {
        lock (created)
        {
            created.Add(job);
        }

        return inner.Create(job, state);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => inner.ChangeState(jobId, state, expectedState);
}
