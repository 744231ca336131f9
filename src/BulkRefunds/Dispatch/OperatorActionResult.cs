namespace BulkRefunds.Dispatch;

/// <summary>The answer to an operator's action, in words an operator reads on the page or in the API response.</summary>
public sealed record OperatorActionResult(bool Succeeded, bool Found, string Message)
{
    public static OperatorActionResult NotFound { get; } = new(false, false, "No such manifest.");

    public static OperatorActionResult Done(string message) => new(true, true, message);

    public static OperatorActionResult Refused(string message) => new(false, true, message);
}
