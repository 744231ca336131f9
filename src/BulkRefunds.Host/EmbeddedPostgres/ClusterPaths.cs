namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>
/// The data folder and its siblings. The password and log live next to the data folder, not inside it:
/// as root the data folder belongs to the postgres account, while the password file must stay readable
/// only by the account running BulkRefunds (mode 0600), and the data folder must hold nothing but the cluster.
/// </summary>
internal sealed record ClusterPaths(string DataDirectory)
{
    public string Parent => Path.GetDirectoryName(DataDirectory) ?? throw new InvalidOperationException(
        $"The PostgreSQL data directory {DataDirectory} must not be a filesystem root.");

    public string PasswordFile => Path.Combine(Parent, Path.GetFileName(DataDirectory) + ".password");

    public string LogFile => Path.Combine(Parent, Path.GetFileName(DataDirectory) + ".log");

    public bool IsInitialized => File.Exists(VersionFile);

    private string VersionFile => Path.Combine(DataDirectory, "PG_VERSION");

    public static ClusterPaths For(string dataDirectory) =>
        new(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)));

    public string? ClusterMajorVersion() => IsInitialized ? File.ReadAllText(VersionFile).Trim() : null;

    public string ReadPassword() => File.Exists(PasswordFile)
        ? File.ReadAllText(PasswordFile).Trim()
        : throw new InvalidOperationException(
            $"The PostgreSQL cluster in {DataDirectory} has no password file {PasswordFile}. " +
            $"Delete {DataDirectory} to let BulkRefunds create a fresh cluster.");

    public string LogTail()
    {
        const int Lines = 30;
        var tail = File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(Lines)) : "(empty)";
        return $"Server log ({LogFile}), last lines:{Environment.NewLine}{tail}";
    }
}
