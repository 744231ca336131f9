using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>POST /api/manifests/{id}/approve | retry | cancel</c>: the operator's actions, as the signed-in user. An action that
/// set sending going in the background (the approval that completed the count, a retry of some rows) answers
/// 202 Accepted with the manifest's status as <c>Location</c>; one that finished its work answers 200.
/// </summary>
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
            ? ApiProblem.Of(StatusCodes.Status409Conflict, SignInToApprove)
            : Answer(id, context, await actions.ApproveAsync(id, UserName(context), cancellationToken));

    public static async Task<IResult> RetryAsync(Guid id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken) =>
        Answer(id, context, await actions.RetryFailedAsync(id, UserName(context), cancellationToken));

    public static async Task<IResult> CancelAsync(Guid id, HttpContext context, OperatorActions actions, CancellationToken cancellationToken) =>
        Answer(id, context, await actions.CancelRemainingAsync(id, UserName(context), cancellationToken));

    private static string UserName(HttpContext context) => context.User.Identity!.Name!;

    private static IResult Answer(Guid id, HttpContext context, OperatorActionResult result) => result switch
    {
        { Found: false } => ApiProblem.Of(StatusCodes.Status404NotFound, result.Message),
        { Succeeded: false } => ApiProblem.Of(StatusCodes.Status409Conflict, result.Message),
        { Started: true } => Results.Accepted(ManifestLinks.For(id, context.Request.PathBase).Self, new MessageResponse(result.Message)),
        _ => Results.Ok(new MessageResponse(result.Message)),
    };
}
