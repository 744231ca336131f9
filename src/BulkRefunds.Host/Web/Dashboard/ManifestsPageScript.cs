namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>ManifestsPage.js, embedded in the assembly and written inline into the page (the dashboard loads no file of ours).</summary>
public static class ManifestsPageScript
{
    public static string Source { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(ManifestsPageScript).Assembly.GetManifestResourceStream("ManifestsPage.js")
            ?? throw new InvalidOperationException("ManifestsPage.js is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
