using BulkRefunds.Reports;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Reports;

/// <summary>Reports, summaries, release files and uploads being received are readable by the service account only.</summary>
public sealed class OwnerOnlyFilesTests
{
    [Fact]
    public async Task AtomicFile_NewReportInANewFolder_Is0600InA0700Folder()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var folder = new TempFolder();
        var reports = Path.Combine(folder.Path, "reports", "2026-11");
        var target = Path.Combine(reports, "report.csv");

        OwnerOnlyFiles.CreateDirectory(reports);
        await AtomicFile.WriteAsync(target, stream => stream.WriteAsync("row\n"u8.ToArray()).AsTask(), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(reports));
    }

    [Fact]
    public void Create_NewFile_IsOwnerOnlyWhateverTheUmask()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "upload.part");

        using (var file = new FileStream(path, OwnerOnlyFiles.Create(FileMode.CreateNew)))
        {
            file.WriteByte(1);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
