namespace BulkRefunds.Inbox;

/// <summary>Section <c>DropFolder</c>: a folder whose <c>*.csv</c> manifests are imported and dispatched on a schedule.</summary>
public sealed class DropFolderOptions
{
    /// <summary>
    /// The inbox; empty turns the drop folder off. Relative paths are taken from the current directory. Every server on
    /// one database should name the same folder: the recurring job runs on whichever server Hangfire picks.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>A file is taken only when its last write is at least this long ago, so a copy in progress is left alone.</summary>
    public int StableSeconds { get; set; } = 5;

    /// <summary>Cron of the drop-folder job (Hangfire's five-field form, UTC).</summary>
    public string Cron { get; set; } = "* * * * *";

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);
}
