using BulkRefunds.Manifests;

namespace BulkRefunds.Tests.Manifests;

/// <summary>Every shipped sample reads as docs/manifest-format.md says it does.</summary>
public sealed class SampleManifestTests
{
    private static readonly ManifestReader Reader = new(new ManifestLimits(), new HashSet<string> { "default" });

    [Theory]
    [InlineData("nightly-returns.csv", 10)]
    [InlineData("excel-semicolon.csv", 3)]
    [InlineData("minor-units.csv", 2)]
    [InlineData("order-lines.csv", 2)]
    [InlineData("return-fee.csv", 1)]
    [InlineData("releases.csv", 2)]
    public async Task ReadAsync_CleanSample_HasNoProblems(string file, int rows)
    {
        var read = await ReadAsync(file);

        Assert.Equal(rows, read.Count);
        Assert.All(read, row => Assert.True(row.IsValid, $"line {row.LineNumber}: {string.Join("; ", row.Messages)}"));
    }

    [Fact]
    public async Task ReadAsync_SampleWithProblems_FlagsExactlyTheBadRows()
    {
        var read = await ReadAsync("with-problems.csv");

        Assert.Equal([3, 4, 5, 6], read.Where(row => !row.IsValid).Select(row => row.LineNumber));
        Assert.Equal([2, 7], read.Where(row => row.IsValid).Select(row => row.LineNumber));
    }

    private static async Task<List<ManifestRow>> ReadAsync(string file)
    {
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "samples", file));
        var rows = new List<ManifestRow>();
        await foreach (var row in Reader.ReadAsync(stream, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
