using System.Globalization;
using BulkRefunds.Staging;

namespace BulkRefunds.Inbox;

/// <summary>
/// The texts left beside a file in <c>processed/</c> or <c>rejected/</c>. They are read by finance, so they name the
/// file as it was dropped and never carry exception types, stack traces or paths outside the inbox.
/// </summary>
internal static class DropFolderNotes
{
    private const string DropAgain = "Nothing from this file was staged. Correct it and drop it into the folder again.";

    public static string Rejected(ClaimedFile file, string reason) =>
        $"'{file.Name}' was not imported: {reason.Replace(file.Path, file.Name, StringComparison.Ordinal)}{Environment.NewLine}{DropAgain}{Environment.NewLine}";

    public static string Empty(string name) =>
        $"'{name}' was not imported: the file is empty (0 bytes). Export the manifest again.{Environment.NewLine}{DropAgain}{Environment.NewLine}";

    public static string Link(string name) =>
        $"'{name}' was not imported: it is a link to a file elsewhere, and the drop folder only takes files placed in it. " +
        $"Copy the manifest itself into the folder.{Environment.NewLine}";

    public static string Duplicate(string name, ManifestRecord original) =>
        string.Create(CultureInfo.InvariantCulture,
            $"'{name}' has exactly the same content as manifest {original.ManifestId:D} ('{original.FileName}', imported " +
            $"{original.UploadedAt:yyyy-MM-dd HH:mm} UTC by {original.UploadedBy}). Nothing new was imported from it; " +
            $"that manifest's report lists its rows.{Environment.NewLine}");
}
