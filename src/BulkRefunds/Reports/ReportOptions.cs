namespace BulkRefunds.Reports;

/// <summary>Section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string DelimiterProblem =
        "Reports:Delimiter must be ',' (the default) or ';' (for Excel where the decimal mark is a comma, e.g. German or Swedish settings).";

    /// <summary>Folder for reports; a relative path is taken from the current directory.</summary>
    public string Directory { get; set; } = "reports";

    /// <summary>
    /// The field separator of every CSV report: <c>,</c> or <c>;</c>. Excel opens a double-clicked CSV with the list separator
    /// of the user's locale, which is <c>;</c> wherever the decimal mark is a comma; numbers keep their <c>.</c> either way.
    /// </summary>
    public string Delimiter { get; set; } = ",";

    public bool HasValidDelimiter => Delimiter is "," or ";";
}
