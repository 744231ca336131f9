using CsCheck;

namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>
/// Valid manifests of 1–12 rows (quoted descriptions with commas and doubled quotes, non-ASCII text) and one mutation each:
/// a flipped byte, an inserted piece of CSV syntax or invisible character, a truncation, a huge field, or the whole file in
/// another encoding.
/// </summary>
internal static class ManifestFuzzCases
{
    private static readonly string[] Currencies = ["EUR", "SEK", "GBP", "NOK"];

    private static readonly string[] Descriptions = ["Shoes", "\"Shoes, red\"", "\"Jacket \"\"L\"\"\"", "Café crème", "", "\"Hat; \"\"Fedora\"\"\""];

    private static readonly Gen<FuzzRow[]> Rows =
        Gen.Select(Gen.Int[0, Currencies.Length - 1], Gen.Long[1, 9_999_999], Gen.Int[0, Descriptions.Length - 1]).Array[1, 12]
            .Select(Lay);

    private static readonly Gen<ManifestMutation> Mutation = Gen.Frequency(
        (3, (IGen<ManifestMutation>)Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 255], (at, mask) => new ManifestMutation(MutationKind.FlipByte, at, mask))),
        (4, Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, ManifestMutation.Insertions.Count - 1], (at, what) => new ManifestMutation(MutationKind.Insert, at, what))),
        (1, Gen.Int[0, int.MaxValue].Select(at => new ManifestMutation(MutationKind.Truncate, at, 0))),
        (1, Gen.Select(Gen.Int[0, int.MaxValue], Gen.OneOf(300, 5_000, 70_000, 300_000), (at, size) => new ManifestMutation(MutationKind.HugeField, at, size))),
        (1, Gen.Int[0, ManifestMutation.Encodings.Count - 1].Select(encoding => new ManifestMutation(MutationKind.Reencode, 0, encoding))));

    // The rows one after another under the header (line 1); a description with a line break takes two lines.
    private static FuzzRow[] Lay((int Currency, long Amount, int Description)[] draws)
    {
        var rows = new FuzzRow[draws.Length];
        var line = 2;
        for (var i = 0; i < draws.Length; i++)
        {
            rows[i] = new FuzzRow(i + 1, line, Currencies[draws[i].Currency], draws[i].Amount, Descriptions[draws[i].Description]);
            line = rows[i].LastLine + 1;
        }

        return rows;
    }

    public static Gen<ManifestFuzzCase> All { get; } = Gen.Select(Rows, Mutation, (rows, mutation) => new ManifestFuzzCase(rows, mutation));
}
