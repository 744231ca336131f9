using System.Text;

namespace BulkRefunds.Tests.Manifests;

/// <summary>
/// The malformed manifests of <c>Manifests/Corpus/</c> (one small file per case, expectations in <c>expectations.tsv</c>)
/// and the few too large to keep in the repository, generated here. Every door is tested with all of them.
/// </summary>
public static class MalformedCorpus
{
    private const string Header = "order_id,currency,amount,reference,description\n";
    private const string Row = "A-1002,SEK,1249.50,RMA-1002,Jacket\n";

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Manifests", "Corpus");

    private static readonly Dictionary<string, Func<byte[]>> Generated = new(StringComparer.Ordinal)
    {
        // The crash of issue 17: one 5 MB description, far under the 100 MB file limit.
        ["five-megabyte-description.csv"] = () => Encoding.UTF8.GetBytes($"{Header}A-1001,EUR,95.00,RMA-1001,{new string('x', 5_000_000)}\n{Row}"),
        // Under Manifests:MaxRecordBytes, so the row is read and refused on its own: the other rows go on.
        ["half-megabyte-description.csv"] = () => Encoding.UTF8.GetBytes($"{Header}{Row}A-1001,EUR,95.00,RMA-1001,{new string('x', 500_000)}\n"),
        // A quote opened and never closed turns the rest of a large file into one field.
        ["unclosed-quote-in-large-file.csv"] = () => Encoding.UTF8.GetBytes(
            Header + "A-1001,EUR,95.00,RMA-1001,\"Shoes\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"B-{i},EUR,1.00,RMA-B{i},Cap\n"))),
    };

    public static IReadOnlyList<MalformedCase> All { get; } =
    [
        .. File.ReadAllLines(Path.Combine(Folder, "expectations.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(fields => new MalformedCase(fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[2])),
        new("five-megabyte-description.csv", 1, "Line 2 is longer than 1,048,576 bytes, the most one row may take"),
        new("half-megabyte-description.csv", 2, "description is 500,000 characters long; the limit is 255"),
        new("unclosed-quote-in-large-file.csv", 1, "Line 2 is longer than 1,048,576 bytes"),
    ];

    public static TheoryData<string> Names { get; } = [.. All.Select(@case => @case.Name)];

    public static MalformedCase Case(string name) => All.Single(@case => @case.Name == name);

    public static byte[] Bytes(MalformedCase @case) =>
        Generated.TryGetValue(@case.Name, out var generate) ? generate() : File.ReadAllBytes(Path.Combine(Folder, @case.Name));

    /// <summary>Writes the case's file into <paramref name="folder"/>; returns its path.</summary>
    public static string WriteTo(MalformedCase @case, string folder)
    {
        var path = Path.Combine(folder, @case.Name);
        File.WriteAllBytes(path, Bytes(@case));
        return path;
    }
}
