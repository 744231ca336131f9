using System.Text.Json;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>
/// /_sim/faults and /_sim/stats: fault injection and request counts over HTTP, for tests and benchmarks that
/// run the simulator in another process. The in-process equivalents are <see cref="SimulatorState.Faults"/>,
/// <see cref="SimulatorState.GetStats"/> and <see cref="SimulatorState.ResetStats"/>.
/// </summary>
internal static class FaultEndpoints
{
    public static void MapFaultControls(this IEndpointRouteBuilder sim)
    {
        sim.MapGet("/faults", (SimulatorState state) => SimResponse.Json(StatusCodes.Status200OK, state.Faults.Snapshot()));
        sim.MapPost("/faults", (HttpContext context, SimulatorState state) => WithBodyAsync<FaultRequestBody>(context, state, AddFault));
        sim.MapPost("/faults/random", (HttpContext context, SimulatorState state) => WithBodyAsync<RandomFaultsBody>(context, state, SetRandom));
        sim.MapDelete("/faults", (SimulatorState state) =>
        {
            state.Faults.Clear();
            return SimResponse.Empty(StatusCodes.Status204NoContent);
        });
        sim.MapGet("/stats", (SimulatorState state) => SimResponse.Json(StatusCodes.Status200OK, state.GetStats()));
        sim.MapDelete("/stats", (SimulatorState state) =>
        {
            state.ResetStats();
            return SimResponse.Empty(StatusCodes.Status204NoContent);
        });
    }

    // 201 with the whole queue, so a caller sees where its fault landed behind others.
    private static SimResponse AddFault(FaultRequestBody body, SimulatorState state)
    {
        var (spec, problems) = body.ToSpec();
        if (spec is null)
        {
            return Errors.Unprocessable(problems);
        }

        if (body.OrderId is { } orderId)
        {
            state.Faults.Enqueue(orderId, spec);
        }
        else
        {
            state.Faults.EnqueueForAnyOrder(spec);
        }

        return SimResponse.Json(StatusCodes.Status201Created, state.Faults.Snapshot());
    }

    private static SimResponse SetRandom(RandomFaultsBody body, SimulatorState state)
    {
        var (faults, problems) = body.ToRandomFaults();
        if (faults is null)
        {
            return Errors.Unprocessable(problems);
        }

        state.Faults.SetRandom(faults);
        return SimResponse.Json(StatusCodes.Status200OK, state.Faults.Snapshot());
    }

    /// <summary>Reads a control endpoint's JSON body (422 when it is not one) and hands it on.</summary>
    internal static async Task<SimResponse> WithBodyAsync<T>(
        HttpContext context, SimulatorState state, Func<T, SimulatorState, SimResponse> handle)
        where T : class
    {
        T? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, SimulatorJson.Options, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return Errors.Unprocessable([exception.Message]);
        }

        return body is null
            ? Errors.Unprocessable(["The request body must be a JSON object"])
            : handle(body, state);
    }
}
