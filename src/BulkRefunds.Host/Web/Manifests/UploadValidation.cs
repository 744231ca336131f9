namespace BulkRefunds.Host.Web.Manifests;

/// <summary>How many rows are invalid, and the first of them (<see cref="UploadEndpoint.MaxProblemsShown"/>) with their problems.</summary>
public sealed record UploadValidation(int InvalidRows, IReadOnlyList<UploadProblem> Problems);
