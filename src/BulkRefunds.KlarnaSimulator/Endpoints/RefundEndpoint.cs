using System.Text.Json;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;
using BulkRefunds.KlarnaSimulator.Rules;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>POST /ordermanagement/v1/orders/{order_id}/refunds: parse, validate (422), then apply.</summary>
internal static class RefundEndpoint
{
    // Validation runs before the order lookup, so a malformed body on an unknown order is a 422, not a
    // 404 (a schema layer in front of the business logic, as the documented 422 suggests). A replayed
    // key never reaches here: its body is not even read.
    public static Task<IResult> HandleAsync(string orderId, HttpContext context, SimulatorState state)
        => Idempotency.RunAsync(context, key => RefundAsync(orderId, context, state, key));

    private static async Task<SimResponse> RefundAsync(string orderId, HttpContext context, SimulatorState state, string? key)
    {
        RefundRequestBody? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RefundRequestBody>(
                context.Request.Body, SimulatorJson.Options, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return Errors.Unprocessable([Describe(exception)]);
        }

        if (request is null)
        {
            return Errors.Unprocessable(["The request body must be a JSON object"]);
        }

        var errors = RefundRequestValidator.Validate(request);
        if (errors.Count > 0)
        {
            return Errors.Unprocessable(errors);
        }

        // Location is absolute and built from the request's own host, like Klarna's recorded 201.
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host.Value}/";
        return state.ApplyRefund(orderId, request, key, baseUrl);
    }

    /// <summary>Names the offending field in Klarna's slash style (order_lines[0]/quantity).</summary>
    private static string Describe(JsonException exception)
    {
        var path = exception.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "The request body is not a valid JSON object";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        return "Bad value: " + field.Replace('.', '/');
    }
}
