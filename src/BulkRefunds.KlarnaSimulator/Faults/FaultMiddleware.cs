using BulkRefunds.KlarnaSimulator.Http;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Global latency, the global rate limit and injected faults for /ordermanagement and /settlements (one merchant, one
/// limit), in that order.
/// It runs after Basic auth: Klarna authenticates before it counts a merchant's requests, a 401 must stay a 401
/// whatever is queued, and a rejected request must not consume a fault a deterministic test queued for the next
/// real one. It runs before idempotency and processing, so a fault that acts "before applying" leaves nothing
/// under the key and a retry with that key is processed for real.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, SimulatorOptions options, SimulatorState state, TimeProvider timeProvider)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!KlarnaPaths.IsKlarnaApi(context.Request.Path))
        {
            await next(context);
            return;
        }

        try
        {
            await DisturbAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up during an injected delay; there is no one left to answer.
        }
    }

    private async Task DisturbAsync(HttpContext context)
    {
        // Counted on arrival, as a gateway in front of Klarna counts; the latency stands for Klarna's processing.
        // (Counting after a simulated delay would add the delay timer's own bunching to the per-second figures.)
        var rate = state.Traffic.Admit();
        if (rate.Limited)
        {
            await FaultResponses.TooManyRequests(rate.Limit, rate.ResetSeconds, options.RetryAfterHeader).ExecuteAsync(context);
            return;
        }

        if (rate.Limit > 0)
        {
            // Set now, before anything is written; Klarna sends them on every response (contract §11).
            foreach (var (name, value) in FaultResponses.RateLimitHeaders(rate.Limit, rate.Remaining, rate.ResetSeconds))
            {
                context.Response.Headers[name] = value;
            }
        }

        if (options.LatencyMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.LatencyMilliseconds), timeProvider, context.RequestAborted);
        }

        var point = context.GetEndpoint()?.Metadata.GetMetadata<FaultPoint>();
        var orderId = context.GetRouteValue("orderId") is string routed ? SimulatorState.RouteOrderId(routed) : null;
        var fault = point is null ? null : state.Faults.Next(orderId, point.Operation);
        await (fault is null ? next(context) : InjectAsync(context, fault));
    }

    private async Task InjectAsync(HttpContext context, FaultSpec fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Latency:
                await Task.Delay(TimeSpan.FromMilliseconds(fault.LatencyMilliseconds), timeProvider, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.Error500:
                await FaultResponses.InternalServerError().ExecuteAsync(context);
                break;
            case FaultKind.Error503:
                await FaultResponses.TemporarilyUnavailable().ExecuteAsync(context);
                break;
            case FaultKind.RateLimited:
                await FaultResponses.TooManyRequests(options.RateLimitPerSecond, fault.RetryAfterSeconds, fault.RetryAfterHeader ?? options.RetryAfterHeader)
                    .ExecuteAsync(context);
                break;
            case FaultKind.Hang:
                await Hang.UntilAbortedAsync(context);
                break;
            case FaultKind.HangAfterApply or FaultKind.LostResponse or FaultKind.BadGatewayAfterApply or FaultKind.GatewayTimeoutAfterApply:
                AfterApplyFault.Arm(context, fault.Kind);
                await next(context);
                break;
            default:
                throw new InvalidOperationException($"Unknown fault kind {fault.Kind}.");
        }
    }
}
