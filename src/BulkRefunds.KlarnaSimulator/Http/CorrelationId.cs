namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>
/// Gives every response a fresh Klarna-Correlation-Id, set before anything else runs so that the 401 page
/// and JSON error bodies (whose correlation_id must equal the header) share it.
/// </summary>
internal static class CorrelationId
{
    private static readonly object ItemKey = new();

    public static Task AssignAsync(HttpContext context, RequestDelegate next)
    {
        var id = Guid.NewGuid().ToString();
        context.Items[ItemKey] = id;
        context.Response.Headers[KlarnaHeaders.CorrelationId] = id;
        return next(context);
    }

    public static string Get(HttpContext context)
        => context.Items[ItemKey] as string
            ?? throw new InvalidOperationException("The correlation id middleware did not run for this request.");
}
