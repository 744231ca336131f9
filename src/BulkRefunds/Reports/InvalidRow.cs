namespace BulkRefunds.Reports;

/// <summary>A row staged as invalid: its line in the file and every problem found in it ("; "-separated, as stored).</summary>
public sealed record InvalidRow(int LineNumber, string Problems);
