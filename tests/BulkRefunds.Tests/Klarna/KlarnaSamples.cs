using System.Runtime.CompilerServices;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// The recorded and documented Klarna bodies in <c>../shared/klarna/samples</c> next to the repository. A missing
/// folder fails the test: these samples are the only evidence of Klarna's real wire format we have.
/// </summary>
internal static class KlarnaSamples
{
    public static string Folder()
    {
        // Builds with --artifacts-path put the binaries outside the repository, so the source file's own
        // location is the second place to start from.
        string[] starts = [AppContext.BaseDirectory, Path.GetDirectoryName(SourceFile()) ?? ""];
        foreach (var start in starts)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "BulkRefunds.sln")))
                {
                    var samples = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "klarna", "samples"));
                    Assert.True(Directory.Exists(samples), $"Klarna samples folder '{samples}' (../shared/klarna/samples next to BulkRefunds.sln) is missing.");
                    return samples;
                }
            }
        }

        Assert.Fail($"No folder containing BulkRefunds.sln above '{string.Join("' or '", starts)}', so the Klarna samples cannot be found.");
        return "";
    }

    public static string Read(string fileName)
    {
        var path = Path.Combine(Folder(), fileName);
        Assert.True(File.Exists(path), $"Klarna sample '{path}' is missing.");
        return File.ReadAllText(path);
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
