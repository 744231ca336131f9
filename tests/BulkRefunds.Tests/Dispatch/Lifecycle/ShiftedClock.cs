namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// The wall clock plus an offset that only grows: one instance is shared by our dispatchers and the simulator, so a
/// jump past Klarna's 24 h key window is seen by both sides at once. Timers run in real time (retry delays, lease
/// renewal and the client's timeouts still pass), unlike a FakeTimeProvider that a long-running dispatch would wait on forever.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
