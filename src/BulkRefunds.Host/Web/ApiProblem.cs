namespace BulkRefunds.Host.Web;

/// <summary>
/// Every error answer of our HTTP API as RFC 9457 problem details (<c>application/problem+json</c>). <c>detail</c> is one
/// sentence a finance user can act on, never exception text; the same sentence stays in <c>error</c>, the member scripts
/// read before problem details. Answers made without a sentence (401/403 from the sign-in schemes, status code pages,
/// unhandled exceptions) get one per status here.
/// </summary>
public static class ApiProblem
{
    public const string ErrorMember = "error";

    public static IResult Of(int statusCode, string message) =>
        TypedResults.Problem(detail: message, statusCode: statusCode, extensions: new Dictionary<string, object?> { [ErrorMember] = message });

    /// <summary>Set as <c>ProblemDetailsOptions.CustomizeProblemDetails</c>: every problem has a detail and an <c>error</c>.</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= DefaultDetail(problem.Status) ?? problem.Title;
        problem.Extensions.TryAdd(ErrorMember, problem.Detail);
    }

    private static string? DefaultDetail(int? statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => "Sign in first: send HTTP Basic credentials of a configured user, or sign in at /login.",
        StatusCodes.Status403Forbidden => "You are signed in, but your role does not allow this (changes need the operator role).",
        StatusCodes.Status404NotFound => "There is nothing at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
        >= StatusCodes.Status500InternalServerError => "The server could not answer this request; the log has the details.",
        _ => null,
    };
}
