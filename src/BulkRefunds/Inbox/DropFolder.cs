using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Inbox;

/// <summary>
/// The inbox on disk. A file is claimed by renaming it into a claim folder under <c>.processing/</c> (a rename of one
/// source succeeds once, so two runs never take the same file) and leaves by rename into <c>processed/</c> or
/// <c>rejected/</c> (<see cref="DropFolderArchive"/>). Links are never followed: a link is itself moved to
/// <c>rejected/</c>, its target untouched.
/// </summary>
public sealed class DropFolder(IOptions<DropFolderOptions> options, TimeProvider timeProvider, ILogger<DropFolder> logger)
{
    // Longer than importing the largest file the Manifests limits allow: a claim this old belongs to a run that died.
    // Taking over a live claim by mistake costs no refund (the import is idempotent by SHA-256), only a note.
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);
    private static readonly EnumerationOptions TopLevel = new() { MatchType = MatchType.Simple, MatchCasing = MatchCasing.CaseInsensitive };

    public bool Enabled => options.Value.Enabled;

    public DropFolderArchive Archive => new(Root, timeProvider, logger);

    private string Root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.Path));

    private string Processing => Path.Combine(Root, ".processing");

    /// <summary>Files in claims older than <see cref="StaleClaim"/> (their run died), claimed again by this run.</summary>
    public IReadOnlyList<ClaimedFile> ReclaimStale()
    {
        var now = timeProvider.GetUtcNow();
        var reclaimed = new List<ClaimedFile>();
        foreach (var claim in Directory.CreateDirectory(Processing).EnumerateDirectories().ToList())
        {
            if (claim.LinkTarget is not null || !ClaimFolder.TryParse(claim.Name, out var claimedAt) || now - claimedAt < StaleClaim)
            {
                continue;
            }

            foreach (var file in claim.EnumerateFiles().Where(file => file.LinkTarget is null))
            {
                if (TryMove(file.FullName, NewClaim(file.Name)) is { } path)
                {
                    logger.LogWarning("Drop folder: {FileName} was claimed at {ClaimedAt} by a run that did not finish; taking it over", file.Name, claimedAt);
                    reclaimed.Add(new ClaimedFile(file.Name, path));
                }
            }

            DropFolderArchive.RemoveIfEmpty(claim.FullName);
        }

        return reclaimed;
    }

    /// <summary>
    /// The <c>*.csv</c> files directly in the inbox whose last write is at least StableSeconds ago. Links, entries outside
    /// the inbox and empty files (a FIFO looks like one) go to <c>rejected/</c> without being opened.
    /// </summary>
    public IReadOnlyList<FileInfo> ReadyFiles()
    {
        var stableSince = (timeProvider.GetUtcNow() - TimeSpan.FromSeconds(options.Value.StableSeconds)).UtcDateTime;
        var ready = new List<FileInfo>();
        foreach (var file in Directory.CreateDirectory(Root).EnumerateFiles("*.csv", TopLevel).ToList())
        {
            if (file.LinkTarget is not null || !string.Equals(Path.GetDirectoryName(file.FullName), Root, StringComparison.Ordinal))
            {
                Archive.Refuse(file, DropFolderNotes.Link(file.Name));
            }
            else if (file.LastWriteTimeUtc > stableSince)
            {
                logger.LogDebug("Drop folder: {FileName} was written less than {StableSeconds} s ago; leaving it for now", file.Name, options.Value.StableSeconds);
            }
            else if (file.Length == 0)
            {
                Archive.Refuse(file, DropFolderNotes.Empty(file.Name));
            }
            else
            {
                ready.Add(file);
            }
        }

        return ready;
    }

    /// <summary>Moves the file into a new claim; null when another run was first or the file changed since it was listed.</summary>
    public ClaimedFile? TryClaim(FileInfo listed)
    {
        var target = NewClaim(listed.Name);
        if (TryMove(listed.FullName, target) is not { } path)
        {
            DropFolderArchive.RemoveIfEmpty(Path.GetDirectoryName(target)!);
            return null;
        }

        var claimed = new ClaimedFile(listed.Name, path);
        var now = new FileInfo(path);
        if (now.LinkTarget is not null)
        {
            // Swapped for a link between listing and claiming: still never opened.
            Archive.MoveToRejected(claimed, DropFolderNotes.Link(listed.Name));
            return null;
        }

        if (now.Length != listed.Length || now.LastWriteTimeUtc != listed.LastWriteTimeUtc)
        {
            logger.LogInformation("Drop folder: {FileName} is still being written; leaving it for a later run", listed.Name);
            Release(claimed);
            return null;
        }

        return claimed;
    }

    /// <summary>Puts a claimed file back into the inbox (its import failed for a reason that is not the file's).</summary>
    public void Release(ClaimedFile file)
    {
        if (TryMove(file.Path, Path.Combine(Root, file.Name)) is null)
        {
            logger.LogWarning("Drop folder: could not put {FileName} back; a later run takes it over from .processing", file.Name);
            return;
        }

        DropFolderArchive.RemoveIfEmpty(Path.GetDirectoryName(file.Path)!);
    }

    private string NewClaim(string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(Processing, ClaimFolder.Name(timeProvider.GetUtcNow()))).FullName, name);

    // A failed claim is the normal outcome when another run was first (the source is gone or the name is taken).
    private string? TryMove(string source, string target)
    {
        try
        {
            File.Move(source, target, overwrite: false);
            return target;
        }
        catch (IOException exception)
        {
            logger.LogDebug(exception, "Drop folder: {FileName} was not moved; another run has it", Path.GetFileName(source));
            return null;
        }
        catch (UnauthorizedAccessException exception)
        {
            logger.LogWarning(exception, "Drop folder: no permission to move {FileName}", Path.GetFileName(source));
            return null;
        }
    }
}
