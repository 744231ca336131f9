using System.Text.Json;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>
/// A response as data, so the idempotency store can keep it and replay it. Error bodies are rendered at
/// write time because their correlation_id must match the fresh header of each (re)play.
/// </summary>
internal sealed record SimResponse(
    int StatusCode,
    string? ErrorCode = null,
    IReadOnlyList<string>? ErrorMessages = null,
    byte[]? JsonBody = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null) : IResult
{
    public static SimResponse Error(int statusCode, string errorCode, params string[] messages)
        => new(statusCode, ErrorCode: errorCode, ErrorMessages: messages);

    public static SimResponse Json<T>(int statusCode, T value)
        => new(statusCode, JsonBody: JsonSerializer.SerializeToUtf8Bytes(value, SimulatorJson.Options));

    public static SimResponse Empty(int statusCode, params KeyValuePair<string, string>[] headers)
        => new(statusCode, Headers: headers);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers ?? [])
        {
            response.Headers[name] = value;
        }

        var body = ErrorCode is null
            ? JsonBody
            : JsonSerializer.SerializeToUtf8Bytes(
                new ErrorBody(ErrorCode, ErrorMessages ?? [], CorrelationId.Get(httpContext)),
                SimulatorJson.Options);
        if (body is null)
        {
            // 201 from Klarna carries Content-Length: 0 (recorded exchange); 204 must carry none.
            if (StatusCode != StatusCodes.Status204NoContent)
            {
                response.ContentLength = 0;
            }

            return;
        }

        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
