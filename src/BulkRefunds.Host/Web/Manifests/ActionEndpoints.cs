using BulkRefunds.Dispatch;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary><c>POST /api/manifests/{id}/approve | retry | cancel</c>: the operator's actions, as the signed-in user.</summary>
public static class ActionEndpoints
{
    public static async Task<IResult> ApproveAsync(Guid id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.ApproveAsync(id, UserName(context), cancellationToken));

    public static async Task<IResult> RetryAsync(Guid id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.RetryFailedAsync(id, UserName(context), cancellationToken));

    public static async Task<IResult> CancelAsync(Guid id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken) =>
        Answer(await actions.CancelRemainingAsync(id, UserName(context), cancellationToken));

    private static string UserName(HttpContext context) => context.User.Identity!.Name!;

    private static IResult Answer(OperatorActionResult result) => result switch
    {
        { Found: false } => Results.NotFound(new ErrorResponse(result.Message)),
        { Succeeded: false } => Results.Conflict(new ErrorResponse(result.Message)),
        _ => Results.Ok(new MessageResponse(result.Message)),
    };
}
