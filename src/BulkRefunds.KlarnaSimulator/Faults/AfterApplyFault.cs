namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Replaces the response of a request armed with a fault that acts after applying (<see cref="FaultSpec.ActsAfterApplying"/>):
/// no answer, a dropped connection, or a gateway's 502/504 page. Idempotency swaps it in only after the response is stored under the key
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
        switch (kind)
        {
            case FaultKind.LostResponse:
                // Nothing has been written yet, so the client sees the connection close with no status line at all.
                httpContext.Abort();
                return Task.CompletedTask;
            case FaultKind.BadGatewayAfterApply:
                return GatewayPage.WriteAsync(httpContext, StatusCodes.Status502BadGateway, "Bad Gateway");
            case FaultKind.GatewayTimeoutAfterApply:
                return GatewayPage.WriteAsync(httpContext, StatusCodes.Status504GatewayTimeout, "Gateway Time-out");
            default:
                return Hang.UntilAbortedAsync(httpContext);
        }
    }
}
