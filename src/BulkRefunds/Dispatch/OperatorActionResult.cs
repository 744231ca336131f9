namespace BulkRefunds.Dispatch;

/// <summary>
/// The answer to an operator's action, in words an operator reads on the page or in the API response. <see cref="Started"/>
/// says the action set work going in the background (a dispatch was enqueued): the API answers 202 Accepted.
/// </summary>
public sealed record OperatorActionResult(bool Succeeded, bool Found, string Message, bool Started = false)
{
    public static OperatorActionResult NotFound { get; } = new(false, false, "No such manifest.");

    public static OperatorActionResult Done(string message) => new(true, true, message);

    public static OperatorActionResult Starting(string message) => new(true, true, message, Started: true);

    public static OperatorActionResult Refused(string message) => new(false, true, message);
}
