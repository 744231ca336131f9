using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>POST /api/manifests/{id}/rows/{rowId}/resolution[/confirm|/reject]</c>: resolving a needs_review row by hand, as the
/// signed-in operator (the operator role and the antiforgery token of the group they are mapped on). Under four-eyes the
/// anonymous local operator may neither resolve nor confirm: anyone at this machine is <c>local</c>, so the rule could not
/// tell the proposer from the confirmer — the same reason it may not approve a manifest.
/// </summary>
public static class ResolutionEndpoints
{
    public const string SignInToResolve = "Sign in as a named operator to resolve a row: the four-eyes rule needs to know who resolves and who confirms.";

    public static void MapResolutions(this RouteGroupBuilder changes)
    {
        Answers(changes.MapPost("/{id:guid}/rows/{rowId:long}/resolution", ResolveAsync));
        Answers(changes.MapPost("/{id:guid}/rows/{rowId:long}/resolution/confirm", ConfirmAsync));
        Answers(changes.MapPost("/{id:guid}/rows/{rowId:long}/resolution/reject", RejectAsync));
    }

    public static async Task<IResult> ResolveAsync(Guid id, long rowId, ResolutionRequest request, HttpContext context, RowResolutions resolutions,
        IOptions<ApprovalOptions> approval, CancellationToken cancellationToken)
    {
        if (LocalUnderFourEyes(context, approval))
        {
            return ApiProblem.Of(StatusCodes.Status409Conflict, SignInToResolve);
        }

        ResolutionOutcome? outcome = request.Outcome switch
        {
            "refunded" => ResolutionOutcome.Refunded,
            "not_applied" => ResolutionOutcome.NotApplied,
            _ => null,
        };
        return outcome is { } found
            ? Answer(await resolutions.ResolveAsync(id, rowId, UserName(context), found, request.RefundId, request.Comment, cancellationToken))
            : ApiProblem.Of(StatusCodes.Status400BadRequest, "outcome must be \"refunded\" or \"not_applied\".");
    }

    public static async Task<IResult> ConfirmAsync(Guid id, long rowId, ConfirmationRequest? request, HttpContext context, RowResolutions resolutions,
        IOptions<ApprovalOptions> approval, CancellationToken cancellationToken) =>
        LocalUnderFourEyes(context, approval)
            ? ApiProblem.Of(StatusCodes.Status409Conflict, SignInToResolve)
            : Answer(await resolutions.ConfirmAsync(id, rowId, UserName(context), request?.Comment, cancellationToken));

    // Rejecting changes no row: anyone with the operator role may clear a proposal, its proposer too.
    public static async Task<IResult> RejectAsync(Guid id, long rowId, HttpContext context, RowResolutions resolutions, CancellationToken cancellationToken) =>
        Answer(await resolutions.RejectAsync(id, rowId, UserName(context), cancellationToken));

    private static bool LocalUnderFourEyes(HttpContext context, IOptions<ApprovalOptions> approval) =>
        approval.Value.FourEyes && LoopbackAuthenticationHandler.IsLocalOperator(context.User);

    private static string UserName(HttpContext context) => context.User.Identity!.Name!;

    private static IResult Answer(ResolutionResult result) => result.Answer switch
    {
        ResolutionAnswer.NotFound => ApiProblem.Of(StatusCodes.Status404NotFound, result.Message),
        ResolutionAnswer.Invalid => ApiProblem.Of(StatusCodes.Status400BadRequest, result.Message),
        ResolutionAnswer.Conflict => ApiProblem.Of(StatusCodes.Status409Conflict, result.Message),
        _ => Results.Ok(new ResolutionResponse(result.State, result.Message)),
    };

    private static void Answers(RouteHandlerBuilder endpoint) => endpoint.Produces<ResolutionResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
