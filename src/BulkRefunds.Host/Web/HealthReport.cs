using System.Text.Json.Serialization;
using BulkRefunds.Dispatch;

namespace BulkRefunds.Host.Web;

/// <summary>
/// The body of <c>/health</c>: states only, never a connection string or an exception's text. <see cref="Waiting"/> lists
/// accounts of manifests with rows this server will not send (the account is missing here or points at another Klarna
/// than at import); it is absent when the database cannot be read.
/// </summary>
public sealed record HealthReport(string Status, string Database, int HangfireServers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WaitingAccount>? Waiting = null);
