namespace BulkRefunds.Tests.Infrastructure;

/// <summary>Finds the repository (the folder holding BulkRefunds.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BulkRefunds.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No BulkRefunds.sln above {AppContext.BaseDirectory}.");
    }
}
