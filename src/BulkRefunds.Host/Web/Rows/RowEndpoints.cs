using BulkRefunds.Host.Web.Security;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Rows;

/// <summary>
/// <c>GET /api/rows?orderId=… | reference=… | refundId=… | correlationId=…</c>: rows across every manifest, newest first,
/// for a viewer answering "which manifest refunded this order?". Exactly one key per request.
/// </summary>
public static class RowEndpoints
{
    public const string Tag = "rows";
    public const int DefaultLimit = 50;
    public const string OneKey = "Give exactly one of orderId, reference, refundId or correlationId, e.g. /api/rows?orderId=…";

    public static IEndpointRouteBuilder MapRows(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/rows", SearchAsync).RequireAuthorization(Policies.Viewer).WithTags(Tag)
            .Produces<List<FoundRowResponse>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<IResult> SearchAsync(HttpRequest request, RowSearchStore search, string? orderId, string? reference, string? refundId,
        string? correlationId, int? limit, CancellationToken cancellationToken)
    {
        (RowSearchKey Key, string? Value)[] given =
        [
            (RowSearchKey.OrderId, orderId), (RowSearchKey.Reference, reference), (RowSearchKey.RefundId, refundId),
            (RowSearchKey.CorrelationId, correlationId),
        ];
        var keys = given.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)).ToList();
        if (keys.Count != 1)
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, OneKey);
        }

        var (key, value) = keys[0];
        var found = await search.FindAsync(key, value!.Trim(), Math.Clamp(limit ?? DefaultLimit, 1, RowSearchStore.MaxLimit), cancellationToken);
        return Results.Ok(found.Select(row => FoundRowResponse.From(row, request.PathBase)).ToList());
    }
}
