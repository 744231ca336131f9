namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>Runs a POST operation at most once per Klarna-Idempotency-Key; requests without a key run every time.</summary>
internal static class Idempotency
{
    public static async Task<SimResponse> RunAsync(
        HttpContext context,
        Func<string?, Task<SimResponse>> operation)
    {
        var key = context.Request.Headers[KlarnaHeaders.IdempotencyKey].ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return await operation(null);
        }

        var store = context.RequestServices.GetRequiredService<IdempotencyStore>();
        if (store.TryClaim(key) is { } earlier)
        {
            return earlier;
        }

        try
        {
            var response = await operation(key);
            store.Complete(key, response);
            return response;
        }
        catch
        {
            store.Abandon(key);
            throw;
        }
    }
}
