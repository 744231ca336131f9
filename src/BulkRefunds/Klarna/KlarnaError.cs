namespace BulkRefunds.Klarna;

/// <summary>Klarna's error body (contract §2); also used for failures we describe ourselves.</summary>
public sealed record KlarnaError(string ErrorCode, IReadOnlyList<string> ErrorMessages, string? CorrelationId)
{
    public string Message => string.Join(" ", ErrorMessages);
}
