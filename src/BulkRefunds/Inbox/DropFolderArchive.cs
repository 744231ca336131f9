using System.Globalization;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Inbox;

/// <summary>
/// Where a file ends: <c>processed/&lt;day&gt;_&lt;manifest&gt;_&lt;name&gt;</c> (with a <c>.note.txt</c> when it repeated an
/// earlier manifest) or <c>rejected/&lt;time&gt;_&lt;name&gt;</c> with a <c>.error.txt</c>. Times are UTC, like the reports'.
/// </summary>
public sealed class DropFolderArchive(string root, TimeProvider timeProvider, ILogger logger)
{
    public string MoveToProcessed(ClaimedFile file, Guid manifestId, string? note)
    {
        var day = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = MoveInto(file, "processed", string.Create(CultureInfo.InvariantCulture, $"{day}_{manifestId:D}_{file.Name}"));
        if (note is not null)
        {
            File.WriteAllText(target + ".note.txt", note);
        }

        return target;
    }

    public string MoveToRejected(ClaimedFile file, string reason)
    {
        var stamp = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        var target = MoveInto(file, "rejected", $"{stamp}_{file.Name}");
        File.WriteAllText(target + ".error.txt", reason);
        return target;
    }

    /// <summary>Moves an inbox entry the drop folder will not open (a link, an empty file) to <c>rejected/</c>.</summary>
    public void Refuse(FileInfo entry, string reason)
    {
        logger.LogWarning("Drop folder: {FileName} is not a manifest file it can take; moving it to rejected/", entry.Name);
        try
        {
            MoveToRejected(new ClaimedFile(entry.Name, entry.FullName), reason);
        }
        catch (IOException exception)
        {
            logger.LogDebug(exception, "Drop folder: {FileName} was moved by another run", entry.Name);
        }
    }

    /// <summary>Deletes an emptied claim folder. Another run may have just made the same folder: its claim then fails and is retried next run.</summary>
    public static void RemoveIfEmpty(string claimFolder)
    {
        try
        {
            Directory.Delete(claimFolder, recursive: false);
        }
        catch (IOException)
        {
            // Not empty, or already gone: either way not ours to remove.
        }
    }

    // File.Move without overwrite renames the entry itself (a link stays a link) and never replaces a file.
    private string MoveInto(ClaimedFile file, string folder, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, folder)).FullName;
        var target = Path.Combine(directory, name);
        for (var copy = 2; Path.Exists(target); copy++)
        {
            target = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(name)} ({copy}){Path.GetExtension(name)}"));
        }

        File.Move(file.Path, target, overwrite: false);
        var claimFolder = Path.GetDirectoryName(file.Path)!;
        if (string.Equals(Path.GetDirectoryName(claimFolder), Path.Combine(root, ".processing"), StringComparison.Ordinal))
        {
            RemoveIfEmpty(claimFolder);
        }

        return target;
    }
}
