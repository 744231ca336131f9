using BulkRefunds.Manifests;
using CsCheck;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>
/// Fuzzes the manifest reader with damaged valid manifests (<see cref="ManifestFuzzCases"/>). Bounded to a few seconds; a
/// failure prints CsCheck's seed, and <c>CsCheck_Seed=&lt;seed&gt; CsCheck_Iter=1</c> replays it. <c>CsCheck_Time=60</c>
/// (or <c>CsCheck_Iter</c>) runs longer.
/// </summary>
public sealed class ManifestReaderFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeconds = 3;

    // Small enough that the huge fields of the fuzz cases cross it (70 KB, 300 KB) and some do not (300 B, 5 KB).
    private static readonly ManifestReader Reader = new(new ManifestLimits { MaxRecordBytes = 64 * 1024 }, new HashSet<string> { ManifestReader.DefaultAccount });

    [Fact]
    public async Task ReadAsync_DamagedManifest_RejectsTheFileOrFlagsRowsAndRowsBeforeTheDamageReadAsWritten()
    {
        var cases = 0;
        var rejected = 0;
        var runLonger = Environment.GetEnvironmentVariable("CsCheck_Iter") is { Length: > 0 } || Environment.GetEnvironmentVariable("CsCheck_Time") is { Length: > 0 };

        await ManifestFuzzCases.All.SampleAsync(async @case =>
            {
                cases++;
                var (bytes, firstTouched) = @case.Mutation.Apply(@case.Original);

                var (rows, rejection) = await ReadAsync(bytes);

                if (rejection is not null)
                {
                    rejected++;
                    Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
                    Assert.Equal(-1, InvisibleCharacters.IndexOf(rejection.Message));
                    return;
                }

                Assert.NotEmpty(rows);
                // What is staged and reported reads as what it holds: nothing invisible but tabs and line breaks, no NUL for PostgreSQL.
                Assert.All(rows.SelectMany(row => (string?[])[.. row.Messages, row.OrderId, row.Currency, row.Reference, row.Description]),
                    text => Assert.Equal(InvisibleCharacters.Reveal(text ?? ""), text ?? ""));
                Assert.Equal(rows.Select(row => row.LineNumber).Order(), rows.Select(row => row.LineNumber));
                var touchedLine = 1 + @case.Original.AsSpan(0, firstTouched).Count((byte)'\n');
                foreach (var written in @case.Rows.Where(row => row.LastLine < touchedLine))
                {
                    var read = Assert.Single(rows, row => row.LineNumber == written.LineNumber);
                    Assert.Equal((written.OrderId, written.Currency, (long?)written.AmountMinor, written.Reference, true),
                        (read.OrderId, read.Currency, read.AmountMinor, read.Reference, read.IsValid));
                }
            },
            writeLine: output.WriteLine, iter: -1, time: runLonger ? -1 : DefaultSeconds, threads: 1, print: @case => @case.ToString());

        output.WriteLine($"{cases} damaged manifests read, {rejected} rejected as a whole");
    }

    private static async Task<(List<ManifestRow> Rows, ManifestRejectedException? Rejection)> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var rows = new List<ManifestRow>();
        try
        {
            await foreach (var row in Reader.ReadAsync(stream, CancellationToken.None))
            {
                rows.Add(row);
            }
        }
        catch (ManifestRejectedException rejection)
        {
            // Anything else escapes to CsCheck, which reports it as the failure it is.
            return (rows, rejection);
        }

        return (rows, null);
    }
}
