namespace BulkRefunds.Klarna;

/// <summary>Section <c>Klarna</c> of the configuration.</summary>
public sealed class KlarnaOptions
{
    public const string SimulatorBaseUrl = "simulator";

    public const string AllowSimulatorWithExternalDatabaseKey = "Klarna:AllowSimulatorWithExternalDatabase";

    public Dictionary<string, KlarnaAccountOptions> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per attempt; a request with no answer by then is "in doubt", since Klarna may have applied it.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Where this process's in-process simulator listens; set by the host when it starts one for accounts whose BaseUrl
    /// is <c>simulator</c>, never by hand.
    /// </summary>
    public string? SimulatorAddress { get; set; }

    /// <summary>
    /// The in-process simulator runs only with the embedded database, so a process pointed at a real database without
    /// its Klarna settings stops instead of "refunding" against the simulator. Tests that bring their own database set this.
    /// </summary>
    public bool AllowSimulatorWithExternalDatabase { get; set; }
}
