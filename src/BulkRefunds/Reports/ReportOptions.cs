namespace BulkRefunds.Reports;

/// <summary>Section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    /// <summary>Folder for reports; a relative path is taken from the current directory.</summary>
    public string Directory { get; set; } = "reports";
}
