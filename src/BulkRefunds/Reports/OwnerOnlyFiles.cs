namespace BulkRefunds.Reports;

/// <summary>
/// The files this service writes (uploads being received, reports, summaries, release files) name orders and amounts:
/// created readable by the service account only (0600, folders 0700), whatever the umask lets others read.
/// </summary>
public static class OwnerOnlyFiles
{
    private const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Folder = File | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and its missing parents) as 0700; an existing folder keeps its mode. Returns its full path.</summary>
    public static string CreateDirectory(string path) =>
        (OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, Folder)).FullName;

    /// <summary>Options for a new file to write, created 0600.</summary>
    public static FileStreamOptions Create(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = File;
        }

        return options;
    }
}
