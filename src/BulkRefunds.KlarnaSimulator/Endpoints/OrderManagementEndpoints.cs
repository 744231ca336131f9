using System.Globalization;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Http;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>The Klarna OM routes, with Klarna's exact paths.</summary>
internal static class OrderManagementEndpoints
{
    public static void MapOrderManagement(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/ordermanagement/v1/orders");
        // FaultPoint marks the routes faults can hit (see FaultMiddleware); GET refund is not one.
        orders.MapGet("/{orderId}", GetOrder).WithMetadata(new FaultPoint(FaultOperation.GetOrder));
        orders.MapPost("/{orderId}/refunds", RefundEndpoint.HandleAsync).WithMetadata(new FaultPoint(FaultOperation.Refund));
        orders.MapGet("/{orderId}/refunds/{refundId}", GetRefund);
        orders.MapPost("/{orderId}/release-remaining-authorization", Release).WithMetadata(new FaultPoint(FaultOperation.Release));
    }

    private static SimResponse GetOrder(string orderId, SimulatorState state)
        => state.FindOrder(orderId) is { } order
            ? SimResponse.Json(StatusCodes.Status200OK, order)
            : Errors.NoSuchOrder(orderId);

    // The OpenAPI gives one 404 ("Order or refund not found", NOT_FOUND) for both an unknown order and
    // an unknown refund here, so GET refund does not use NO_SUCH_ORDER.
    private static SimResponse GetRefund(string orderId, string refundId, SimulatorState state)
    {
        var refund = state.FindOrder(orderId)?.Refunds
            .FirstOrDefault(r => string.Equals(r.RefundId, refundId, StringComparison.OrdinalIgnoreCase));
        return refund is null
            ? SimResponse.Error(
                StatusCodes.Status404NotFound,
                "NOT_FOUND",
                string.Create(CultureInfo.InvariantCulture, $"Refund {refundId} cannot be found for order {orderId}"))
            : SimResponse.Json(StatusCodes.Status200OK, refund);
    }

    // The operation has no request body; any body sent is ignored.
    private static Task<IResult> Release(string orderId, HttpContext context, SimulatorState state)
        => Idempotency.RunAsync(
            context,
            key => Task.FromResult(state.ReleaseRemainingAuthorization(orderId, key)));
}
