using System.Text.RegularExpressions;

namespace BulkRefunds.Tests.Architecture;

/// <summary>SQL lives only in <c>*Store</c> classes (and in sql/): no allow-list, every other file is checked.</summary>
public sealed partial class SqlPlacementTests
{
    [Fact]
    public void SourceFiles_OutsideStores_ContainNoSql()
    {
        var offenders = SourceFiles.Under(SourceFiles.Src)
            .Where(path => !Path.GetFileName(path).EndsWith("Store.cs", StringComparison.Ordinal))
            .Select(path => (File: SourceFiles.Relative(path), Sql: SqlKeyword().Matches(SourceFiles.Code(path)).Select(match => match.Value).Distinct().ToList()))
            .Where(file => file.Sql.Count > 0)
            .Select(file => $"{file.File} contains SQL ({string.Join(", ", file.Sql)}); move it into a *Store class beside its caller")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE|COPY)\b")]
    private static partial Regex SqlKeyword();
}
