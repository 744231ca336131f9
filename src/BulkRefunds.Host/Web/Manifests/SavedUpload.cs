namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// The outcome of receiving an upload: the file saved at <paramref name="Path"/> under its sanitised
/// <paramref name="FileName"/>, or a refusal with its HTTP status and a readable reason.
/// </summary>
public sealed record SavedUpload(string? Path, string FileName, int StatusCode, string? Error)
{
    public static SavedUpload Saved(string path, string fileName) => new(path, fileName, StatusCodes.Status200OK, null);

    public static SavedUpload Refused(int statusCode, string error) => new(null, "", statusCode, error);
}
