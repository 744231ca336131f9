namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>Endpoint metadata marking a route as one faults can hit, and as which operation.</summary>
internal sealed record FaultPoint(FaultOperation Operation);
