namespace BulkRefunds.Host.Web;

/// <summary>The body of <c>/health</c>: states only, never a connection string or an exception's text.</summary>
public sealed record HealthReport(string Status, string Database, int HangfireServers);
