namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// The name a browser gave the uploaded file, made safe to store and show: no folders (some browsers send the client's
/// full path, with either separator), no control characters, bounded length.
/// </summary>
public static class UploadFileName
{
    public const string Fallback = "upload.csv";

    private const int MaxLength = 200;

    public static string Sanitise(string? name)
    {
        var lastSeparator = (name ?? "").LastIndexOfAny(['/', '\\']);
        var leaf = (name ?? "")[(lastSeparator + 1)..];
        var clean = new string([.. leaf.Where(c => !char.IsControl(c))]).Trim().TrimStart('.');
        if (clean.Length > MaxLength)
        {
            clean = clean[^MaxLength..];
        }

        return clean.Length == 0 ? Fallback : clean;
    }
}
