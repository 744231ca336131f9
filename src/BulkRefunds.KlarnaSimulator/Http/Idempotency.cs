using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>Runs a POST operation at most once per Klarna-Idempotency-Key; requests without a key run every time.</summary>
internal static class Idempotency
{
    // An after-apply fault (hang_after_apply, lost_response, a gateway page) replaces the response only here, once it is
    // stored under the key: the retry must get the first response back, exactly as after a real lost reply.
    public static async Task<IResult> RunAsync(HttpContext context, Func<string?, Task<SimResponse>> operation)
        => AfterApplyFault.Intercept(context, await RunOnceAsync(context, operation));

    private static async Task<SimResponse> RunOnceAsync(HttpContext context, Func<string?, Task<SimResponse>> operation)
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
