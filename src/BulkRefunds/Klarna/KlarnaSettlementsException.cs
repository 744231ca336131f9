namespace BulkRefunds.Klarna;

/// <summary>
/// A Settlements API call that failed for good (after the client's own retries). The message is safe for an operator
/// (no response body, no credentials); status, error code and correlation id are for the note to Klarna.
/// </summary>
public sealed class KlarnaSettlementsException(string message, int? httpStatus, string? errorCode, string? correlationId)
    : Exception(message)
{
    public int? HttpStatus => httpStatus;

    public string? ErrorCode => errorCode;

    public string? CorrelationId => correlationId;
}
