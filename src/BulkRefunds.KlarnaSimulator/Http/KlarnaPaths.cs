namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>The paths that stand for Klarna's API (auth, rate limit, faults); /_sim is the simulator's own.</summary>
internal static class KlarnaPaths
{
    public static bool IsKlarnaApi(PathString path) =>
        path.StartsWithSegments("/ordermanagement", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/settlements", StringComparison.OrdinalIgnoreCase);
}
