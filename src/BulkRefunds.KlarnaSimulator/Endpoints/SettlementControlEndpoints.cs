using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>
/// /_sim/settlements: withhold a refund from payouts, add transactions the tool never made, generate bulk returns,
/// and see or clear all of it. The in-process equivalent is <see cref="SimulatorState.Settlements"/>.
/// </summary>
internal static class SettlementControlEndpoints
{
    public static void MapSettlementControls(this IEndpointRouteBuilder sim)
    {
        sim.MapGet("/settlements", (SimulatorState state) => SimResponse.Json(StatusCodes.Status200OK, state.Settlements.Snapshot()));
        sim.MapDelete("/settlements", (SimulatorState state) =>
        {
            state.Settlements.Clear();
            return SimResponse.Empty(StatusCodes.Status204NoContent);
        });
        sim.MapPost("/settlements/withhold", (HttpContext context, SimulatorState state) =>
            FaultEndpoints.WithBodyAsync<SettlementControlBodies.Withhold>(context, state, (body, _) =>
            {
                if (string.IsNullOrWhiteSpace(body.RefundId))
                {
                    return Errors.Unprocessable(["refund_id is required"]);
                }

                state.Settlements.Withhold(body.RefundId);
                return SimResponse.Empty(StatusCodes.Status204NoContent);
            }));
        sim.MapPost("/settlements/transactions", (HttpContext context, SimulatorState state, TimeProvider clock) =>
            FaultEndpoints.WithBodyAsync<SettlementControlBodies.AddTransaction>(context, state, (body, _) =>
            {
                var (transaction, problems) = body.ToTransaction(clock.GetUtcNow());
                if (transaction is null)
                {
                    return Errors.Unprocessable(problems);
                }

                state.Settlements.Add(transaction);
                return SimResponse.Json(StatusCodes.Status201Created, transaction);
            }));
        sim.MapPost("/settlements/generate", (HttpContext context, SimulatorState state) =>
            FaultEndpoints.WithBodyAsync<SettlementControlBodies.Generate>(context, state, (body, _) =>
                body is { Transactions: > 0, From: { } from, To: { } to } && from <= to
                    ? SimResponse.Json(StatusCodes.Status201Created, state.Settlements.Generate(body.Transactions, from, to, (body.Currency ?? "EUR").ToUpperInvariant()))
                    : Errors.Unprocessable(["transactions must be positive and from ≤ to (dates, e.g. 2026-10-01)"])));
    }
}
