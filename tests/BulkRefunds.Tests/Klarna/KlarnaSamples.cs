namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// The recorded and documented Klarna bodies, copied from <c>shared/klarna/samples</c> into <c>Klarna/Samples</c>
/// (provenance in its sources.md) so the tests do not depend on where shared/ is checked out. These samples are
/// the only evidence of Klarna's real wire format we have; a missing one fails the test.
/// </summary>
internal static class KlarnaSamples
{
    public static string Folder()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "Klarna", "Samples");
        Assert.True(Directory.Exists(samples), $"Klarna samples folder '{samples}' is missing from the test output.");
        return samples;
    }

    public static string Read(string fileName)
    {
        var path = Path.Combine(Folder(), fileName);
        Assert.True(File.Exists(path), $"Klarna sample '{path}' is missing.");
        return File.ReadAllText(path);
    }
}
