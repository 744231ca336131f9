using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Settlements;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>Settings of one simulated Klarna merchant account.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The seed file shipped next to the simulator assembly (copied to every referencing project's output).</summary>
    public static string SeedOrdersFile => Path.Combine(AppContext.BaseDirectory, "seed-orders.json");

    /// <summary>Basic auth user name the simulator accepts.</summary>
    public string Username { get; set; } = "sim_user";

    /// <summary>Basic auth password the simulator accepts.</summary>
    public string Password { get; set; } = "sim_password";

    /// <summary>JSON file holding an array of orders in GET-order shape; null starts with no orders.</summary>
    public string? OrdersFile { get; set; }

    /// <summary>How long a stored response is replayed for its Klarna-Idempotency-Key (Klarna documents 24 hours).</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Purchase countries where a return_fee line is accepted. The default is the older, 8-market list;
    /// the newer docs page adds IT, ES, IE, PT, CZ, AU, GR, so it is configurable rather than hard-coded.
    /// </summary>
    public IReadOnlyList<string> ReturnFeeCountries { get; set; } = ["AT", "DE", "DK", "FI", "FR", "NL", "NO", "SE"];

    /// <summary>
    /// How long after a refund (or added return) Klarna pays it out: it lands in the payout dated 00:00 UTC of the day
    /// refund time + delay falls on, which exists once that date has come on the injected TimeProvider. 0: today's payout, at once.
    /// </summary>
    public TimeSpan PayoutDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Sign of RETURN/REVERSAL amounts in /settlements/v1/transactions (unconfirmed at Klarna, contract §5.2).</summary>
    public SettlementAmountSign SettlementAmountSign { get; set; } = SettlementAmountSign.Positive;

    /// <summary>Delay added to every /ordermanagement and /settlements request that passed auth (0: none), on the injected TimeProvider.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>
    /// /ordermanagement and /settlements requests admitted per one-second window of the injected TimeProvider; the rest get 429
    /// TOO_MANY_REQUESTS. 0 turns the limit off. When on, every response carries X-Ratelimit-Limit/-Remaining/-Reset.
    /// </summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>
    /// Whether 429s carry Retry-After next to X-Ratelimit-Reset. Klarna documents only the X-Ratelimit-* headers
    /// (contract §11, UNCONFIRMED), so turning this off checks that a client copes without it.
    /// </summary>
    public bool RetryAfterHeader { get; set; } = true;

    /// <summary>Seeded random faults from the start; null: none (they can still be set through /_sim/faults/random).</summary>
    public RandomFaults? RandomFaults { get; set; }
}
