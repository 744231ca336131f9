namespace BulkRefunds.Klarna;

/// <summary>Section <c>Klarna</c> of the configuration.</summary>
public sealed class KlarnaOptions
{
    public const string SimulatorBaseUrl = "simulator";

    public Dictionary<string, KlarnaAccountOptions> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per attempt; a request with no answer by then is "in doubt", since Klarna may have applied it.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}
