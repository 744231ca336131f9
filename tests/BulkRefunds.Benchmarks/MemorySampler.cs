using System.Diagnostics;

namespace BulkRefunds.Benchmarks;

/// <summary>The peak working set and GC heap of this process, sampled every 20 ms until disposed.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Timer timer;
    private long peakWorkingSet;
    private long peakHeap;

    public MemorySampler() => timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));

    public long PeakWorkingSet => Interlocked.Read(ref peakWorkingSet);

    public long PeakHeap => Interlocked.Read(ref peakHeap);

    public void Dispose()
    {
        timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        using var self = Process.GetCurrentProcess();
        Max(ref peakWorkingSet, self.WorkingSet64);
        Max(ref peakHeap, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Max(ref long peak, long value)
    {
        for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, value, seen) == seen)
            {
                return;
            }
        }
    }
}
