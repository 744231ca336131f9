namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>What one step of a lifecycle case does; see <see cref="LifecycleRun"/> for how each uses its numbers.</summary>
internal enum LifecycleStepKind
{
    UploadNew,
    UploadIdentical,
    UploadOverlapping,
    UploadCorrected,
    Approve,
    Cancel,
    Retry,
    Dispatch,
    Crash,
    Sweep,
    Fault,
    ClockJump,
    OtherWorker,
    Release,
    Resolve,
}
