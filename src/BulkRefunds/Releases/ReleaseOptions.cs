namespace BulkRefunds.Releases;

/// <summary>Section <c>Releases</c>: when stale authorizations are released.</summary>
public sealed class ReleaseOptions
{
    /// <summary>Cron of the release sweep (Hangfire's five-field form), in <see cref="TimeZone"/>.</summary>
    public string Cron { get; set; } = "0 2 * * *";

    /// <summary>IANA time zone for the cron and for the day a <c>not_before</c> date starts.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Off when 0. Otherwise orders we refunded that are still PART_CAPTURED with something left to release and no
    /// capture for this many days are released by the sweep too (as a manifest of their own, with its own report).
    /// </summary>
    public int AutoReleaseAfterDays { get; set; }

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The current day in the configured zone: a release "not before 2026-12-24" is due from its first minute.</summary>
    public DateOnly Today(TimeProvider timeProvider) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Zone()).DateTime);
}
