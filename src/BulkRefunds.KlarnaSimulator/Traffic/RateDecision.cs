namespace BulkRefunds.KlarnaSimulator.Traffic;

/// <summary>What the rate limit says about one request; <paramref name="Limit"/> 0 means the limit is off.</summary>
internal sealed record RateDecision(int Limit, bool Limited, int Remaining, int ResetSeconds);
