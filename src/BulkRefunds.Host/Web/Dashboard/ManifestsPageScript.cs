namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>ManifestsPage.js and ManifestPage.js, embedded in the assembly and written inline into their pages (the dashboard loads no file of ours).</summary>
public static class ManifestsPageScript
{
    public static string Source { get; } = Read("ManifestsPage.js");

    public static string ManifestPageSource { get; } = Read("ManifestPage.js");

    private static string Read(string name)
    {
        using var stream = typeof(ManifestsPageScript).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
