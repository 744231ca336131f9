using System.Globalization;
using BulkRefunds.Audit;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// A password check for the login form and HTTP Basic that records a lockout in the audit trail when this failure is the
/// one that locked the name. The actor is the locked name, which is always a configured user (only those are counted),
/// so a guesser cannot write text of their choosing into the trail.
/// </summary>
public sealed class SignInCheck(UserDirectory users, AuditTrail audit)
{
    public async Task<ConfiguredUser?> VerifyAsync(string userName, string password, string via, HttpContext context, CancellationToken cancellationToken)
    {
        var user = users.Verify(userName, password, out var lockedNow);
        if (lockedNow)
        {
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{UserDirectory.MaxFailures} wrong passwords in a row through {via} from {context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}; locked for {UserDirectory.LockFor.TotalMinutes:0} minutes");
            await audit.RecordAsync(new AuditEntry(AuditAct.SignInLockout, users.Find(userName)?.Name ?? userName, null, null, detail), cancellationToken);
        }

        return user;
    }
}
