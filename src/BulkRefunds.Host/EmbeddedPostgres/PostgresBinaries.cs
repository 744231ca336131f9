using System.Globalization;
using System.Text.RegularExpressions;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>
/// The folder holding initdb, pg_ctl and postgres. Debian/Ubuntu's versioned folders win over PATH because
/// PATH entries are often wrappers (pg_wrapper) or symlinks into those same folders.
/// </summary>
internal sealed partial record PostgresBinaries(string BinDirectory)
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private static readonly string[] RequiredTools = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    /// <param name="clusterMajorVersion">An existing cluster only starts with its own major version's binaries.</param>
    public static PostgresBinaries Find(string? clusterMajorVersion)
    {
        var directory = DebianCandidates(clusterMajorVersion)
            .Concat(PathCandidates())
            .FirstOrDefault(candidate => RequiredTools.All(tool => File.Exists(Path.Combine(candidate, tool))));
        return directory is null ? throw new PostgresNotAvailableException() : new PostgresBinaries(directory);
    }

    public async Task<string> MajorVersionAsync(CancellationToken cancellationToken)
    {
        // pg_ctl answers --version before its refuse-to-run-as-root check, so no account switch is needed.
        var output = await ExternalProcess.RunAsync(PgCtl, ["--version"], cancellationToken);
        var match = VersionPattern().Match(output);
        return match.Success ? match.Groups[1].Value : output.Trim();
    }

    private static IEnumerable<string> DebianCandidates(string? clusterMajorVersion)
    {
        if (!Directory.Exists(DebianRoot))
        {
            return [];
        }

        return Directory.GetDirectories(DebianRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .OrderByDescending(version => version == clusterMajorVersion)
            .ThenByDescending(SortKey)
            .Select(version => Path.Combine(DebianRoot, version, "bin"));
    }

    private static IEnumerable<string> PathCandidates() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "pg_ctl"))
            .Where(File.Exists)
            .Select(pgCtl => File.ResolveLinkTarget(pgCtl, returnFinalTarget: true)?.FullName ?? pgCtl)
            .Select(Path.GetDirectoryName)
            .OfType<string>();

    // "9.6" and "15" both sort numerically by major, then minor.
    private static Version SortKey(string folderName) =>
        Version.TryParse(folderName.Contains('.', StringComparison.Ordinal) ? folderName : folderName + ".0", out var version)
            ? version
            : new Version(0, 0);

    [GeneratedRegex(@"\(PostgreSQL\) (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
