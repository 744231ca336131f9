namespace BulkRefunds.Staging;

/// <summary>
/// The day an import stages against: a row whose <c>not_before</c> is later is copied as <c>scheduled</c>, else as
/// <c>staged</c>. The day is the release sweep's (the current day in <c>Releases:TimeZone</c>), so the room that owns that
/// setting provides it (<c>AddReleases</c>) and Staging need not know Releases.
/// </summary>
public sealed class ImportCalendar(Func<DateOnly> today)
{
    public DateOnly Today() => today();
}
