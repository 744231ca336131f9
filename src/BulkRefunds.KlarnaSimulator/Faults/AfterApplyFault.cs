namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Replaces the response of a request armed with <see cref="FaultKind.HangAfterApply"/> or
/// <see cref="FaultKind.LostResponse"/>. Idempotency swaps it in only after the response is stored under the key
/// (or replayed from it): a retry with the same key must get the replay (same Refund-Id) and the ledger must keep
/// one entry.
/// </summary>
internal sealed class AfterApplyFault : IResult
{
    private static readonly object ItemKey = new();
    private readonly FaultKind kind;

    private AfterApplyFault(FaultKind kind) => this.kind = kind;

    public static void Arm(HttpContext context, FaultKind kind) => context.Items[ItemKey] = new AfterApplyFault(kind);

    /// <summary>The armed fault, or <paramref name="response"/> when the request carries none.</summary>
    public static IResult Intercept(HttpContext context, IResult response)
        => context.Items.TryGetValue(ItemKey, out var armed) && armed is AfterApplyFault fault ? fault : response;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (kind == FaultKind.LostResponse)
        {
            // Nothing has been written yet, so the client sees the connection close with no status line at all.
            httpContext.Abort();
            return Task.CompletedTask;
        }

        return Hang.UntilAbortedAsync(httpContext);
    }
}
