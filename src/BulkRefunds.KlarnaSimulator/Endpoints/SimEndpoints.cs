using System.Text.Json;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>Test and operations endpoints under /_sim (no auth: they are not part of Klarna's API).</summary>
internal static class SimEndpoints
{
    public static void MapSimulatorControls(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapGet("/health", () => SimResponse.Json(StatusCodes.Status200OK, new { Status = "ok" }));
        sim.MapGet("/ledger", (SimulatorState state) => SimResponse.Json(StatusCodes.Status200OK, state.GetLedger()));
        sim.MapPost("/orders", PutOrderAsync);
        sim.MapFaultControls();
        sim.MapSettlementControls();
    }

    private static async Task<SimResponse> PutOrderAsync(HttpContext context, SimulatorState state)
    {
        SimulatedOrder? order;
        try
        {
            order = await JsonSerializer.DeserializeAsync<SimulatedOrder>(
                context.Request.Body, SimulatorJson.Options, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return Errors.Unprocessable([exception.Message]);
        }

        if (order is null || string.IsNullOrWhiteSpace(order.OrderId))
        {
            return Errors.Unprocessable(["order_id is required"]);
        }

        state.UpsertOrder(order);
        return SimResponse.Json(StatusCodes.Status201Created, order) with
        {
            Headers = [new(KlarnaHeaders.Location, "/ordermanagement/v1/orders/" + Uri.EscapeDataString(order.OrderId))],
        };
    }
}
