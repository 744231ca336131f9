namespace BulkRefunds.Manifests;

/// <summary>An amount in minor units, or the reason the text is not one.</summary>
public readonly record struct AmountResult(long AmountMinor, string? Error)
{
    public static AmountResult Ok(long amountMinor) => new(amountMinor, null);

    public static AmountResult Fail(string error) => new(0, error);
}
