using BulkRefunds.Manifests;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Manifests;

/// <summary>
/// Every file of the malformed corpus gets its clear answer from the reader and from <c>bulkrefunds validate</c>: a rejection
/// naming the cause (exit 1), rows with problems (exit 2) or a clean file (exit 0) — never an exception or a stack trace.
/// </summary>
public sealed class MalformedCorpusTests
{
    private static readonly ManifestReader Reader = new(new ManifestLimits(), new HashSet<string> { ManifestReader.DefaultAccount });

    [Theory]
    [MemberData(nameof(MalformedCorpus.Names), MemberType = typeof(MalformedCorpus))]
    public async Task ReadAsync_MalformedFile_RejectsItOrFlagsItsRowsNamingTheCause(string name)
    {
        var @case = MalformedCorpus.Case(name);
        using var stream = new MemoryStream(MalformedCorpus.Bytes(@case));

        var rows = new List<ManifestRow>();
        var rejection = await Record.ExceptionAsync(async () =>
        {
            await foreach (var row in Reader.ReadAsync(stream, CancellationToken.None))
            {
                rows.Add(row);
            }
        });

        switch (@case.ExitCode)
        {
            case 1:
                Assert.Contains(@case.Message, Assert.IsType<ManifestRejectedException>(rejection).Message, StringComparison.Ordinal);
                break;
            case 2:
                Assert.Null(rejection);
                Assert.Contains(rows, row => row.LineNumber > 1 && !row.IsValid);
                Assert.Contains(rows.SelectMany(row => row.Messages.Select(problem => $"line {row.LineNumber}: {problem}")),
                    problem => problem.Contains(@case.Message, StringComparison.Ordinal));
                break;
            default:
                Assert.Null(rejection);
                Assert.All(rows, row => Assert.True(row.IsValid, string.Join("; ", row.Messages)));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedCorpus.Names), MemberType = typeof(MalformedCorpus))]
    public async Task Validate_MalformedFile_ExitsWithItsCodeAndPrintsTheCauseWithoutAStackTrace(string name)
    {
        var @case = MalformedCorpus.Case(name);
        using var folder = new TempFolder();
        var path = MalformedCorpus.WriteTo(@case, folder.Path);

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", path);

        Assert.True(@case.ExitCode == result.ExitCode, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains(@case.Message, @case.Rejected ? result.Error : result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }
}
