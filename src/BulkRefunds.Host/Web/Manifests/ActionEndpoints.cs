using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary><c>POST /api/manifests/{id}/approve | retry | cancel</c>: the operator's actions, as the signed-in user.</summary>
public static class ActionEndpoints
{
    public const string SignInToApprove = "Sign in as a named operator to approve: the four-eyes rule needs to know who approves.";

    /// <summary>
    /// Under four-eyes the anonymous local operator may not approve: anyone at this machine is <c>local</c>, so the rule
    /// could not tell the uploader from the approver, nor two approvers apart. Retry and cancel stay allowed.
    /// </summary>
    public static async Task<IResult> ApproveAsync(Guid id, HttpContext context, OperatorActions actions, IOptions<ApprovalOptions> approval,
        CancellationToken cancellationToken) =>
        approval.Value.FourEyes && LoopbackAuthenticationHandler.IsLocalOperator(context.User)
            ? Results.Conflict(new ErrorResponse(SignInToApprove))
            : Answer(await actions.ApproveAsync(id, UserName(context), cancellationToken));

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
