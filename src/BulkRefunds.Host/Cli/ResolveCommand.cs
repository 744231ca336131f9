using BulkRefunds.Dispatch;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>bulkrefunds resolve</c>: resolves a needs_review row by hand from the command line, as the operating-system account
/// (<c>cli:&lt;user&gt;</c>). Like the anonymous local operator on the web, that account is no person the four-eyes rule
/// could tell apart from a named operator (alice at the shell and alice on the dashboard would be two names), so under
/// <c>Approval:FourEyes</c> it resolves, confirms and rejects nothing; without it a resolution applies at once.
/// </summary>
public static class ResolveCommand
{
    public const string FourEyesRefusal =
        "Approval:FourEyes is on: resolve the row on the Manifests page or through the API as a named operator, and have a second operator confirm it.";

    public static async Task<int> ExecuteAsync(Guid manifestId, int line, ResolveAct act, string? comment, string[] configArgs,
        CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        if (app.Services.GetRequiredService<IOptions<ApprovalOptions>>().Value.FourEyes)
        {
            await Console.Error.WriteLineAsync(FourEyesRefusal);
            return ExitCodes.Fatal;
        }

        var resolutions = app.Services.GetRequiredService<RowResolutions>();
        if (await resolutions.FindRowIdAsync(manifestId, line, cancellationToken) is not { } rowId)
        {
            await Console.Error.WriteLineAsync($"Manifest {manifestId} has no line {line}.");
            return ExitCodes.Fatal;
        }

        var user = $"cli:{Environment.UserName}";
        var result = act switch
        {
            { Confirm: true } => await resolutions.ConfirmAsync(manifestId, rowId, user, comment, cancellationToken),
            { Reject: true } => await resolutions.RejectAsync(manifestId, rowId, user, cancellationToken),
            _ => await resolutions.ResolveAsync(manifestId, rowId, user, act.Outcome ?? ResolutionOutcome.NotApplied, act.RefundId, comment, cancellationToken),
        };
        await (result.Succeeded ? Console.Out : Console.Error).WriteLineAsync(result.Message);
        return result.Answer switch
        {
            ResolutionAnswer.Invalid => ExitCodes.Usage,
            ResolutionAnswer.NotFound or ResolutionAnswer.Conflict => ExitCodes.Fatal,
            _ => ExitCodes.Done,
        };
    }
}
