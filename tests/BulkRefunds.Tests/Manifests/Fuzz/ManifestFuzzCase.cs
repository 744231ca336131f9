using System.Text;

namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>A valid manifest (its rows as they must read back) and one mutation of it.</summary>
public sealed record ManifestFuzzCase(IReadOnlyList<FuzzRow> Rows, ManifestMutation Mutation)
{
    public const string Header = "order_id,currency,amount,reference,description";

    public byte[] Original { get; } = Encoding.UTF8.GetBytes(Header + "\n" + string.Concat(Rows.Select(row => row.Csv + "\n")));

    public override string ToString() => $"{Mutation}\n{Encoding.UTF8.GetString(Original)}";
}
