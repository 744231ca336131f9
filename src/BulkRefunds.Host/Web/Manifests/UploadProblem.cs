namespace BulkRefunds.Host.Web.Manifests;

/// <summary>An invalid row: its line in the file (the header is line 1) and its problems, separated by "; ".</summary>
public sealed record UploadProblem(int Line, string Problems);
