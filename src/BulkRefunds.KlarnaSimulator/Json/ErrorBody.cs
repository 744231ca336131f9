namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>Klarna's JSON error object; correlation_id equals the Klarna-Correlation-Id response header.</summary>
internal sealed record ErrorBody(string ErrorCode, IReadOnlyList<string> ErrorMessages, string CorrelationId);
