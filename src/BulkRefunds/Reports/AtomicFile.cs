namespace BulkRefunds.Reports;

/// <summary>Writes a file through a temporary beside it and a rename, so a reader never sees half a report; owner-only.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string target, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp"; // unique: two jobs may write the same report at once
        await using (var output = new FileStream(temporary, OwnerOnlyFiles.Create(FileMode.CreateNew)))
        {
            await write(output);
            await output.FlushAsync(cancellationToken);
        }

        File.Move(temporary, target, overwrite: true);
    }
}
