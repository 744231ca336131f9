using System.Text.Json;
using BulkRefunds.Host.Cli;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Cli;

/// <summary>
/// <c>bulkrefunds validate</c> as finance reads it (a table: line, column, value, problem, then a total) and as a script reads
/// it (<c>--format json</c>); the terminal never receives the invisible characters the file holds.
/// </summary>
public sealed class ValidateOutputTests
{
    private const string Manifest =
        "order_id,currency,amount,reference,description\n" +
        "A-1,EUR,95.00,RMA-1,\"Shoes\r\nReturned unworn\"\n" +
        "A-2,EUR,-5,RMA-2,Cap\n" +
        "A-3,EUR,1.00,\"RMA-\u202E3\",Scarf\n" +
        "A-4,EUR,1.00,RMA-4,\"Bell\a\"\n";

    [Fact]
    public async Task Validate_RowsWithProblems_PrintsATableWithEscapedValuesAndAOneLineTotal()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", folder.File("returns.csv", Manifest));

        Assert.True(result.ExitCode == ExitCodes.RowsNeedAttention, result.Output + result.Error);
        var lines = result.Output.TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        Assert.Matches("^line +column +value +problem$", lines[0]);
        Assert.Matches("^4 +amount +'-5' +amount '-5' ", lines[1]);
        Assert.Matches("^5 +reference +'RMA-<U\\+202E>3' +reference contains the invisible character U\\+202E \\(right-to-left override\\)", lines[2]);
        Assert.Matches("^6 +description +'Bell<U\\+0007>' +description contains the control character U\\+0007; remove it$", lines[3]);
        Assert.Equal("3 of 4 rows have problems; the other 1 would be staged.", lines[4]);
        Assert.Equal(5, lines.Count);
        Assert.DoesNotContain(result.Output, c => c is '\u202E' or '\a');
    }

    [Fact]
    public async Task Validate_FormatJson_PrintsEveryProblemWithLineColumnValueAndTotals()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", folder.File("returns.csv", Manifest), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.RowsNeedAttention, result.Output + result.Error);
        Assert.DoesNotContain(result.Output, c => c is '\u202E' or '\a');
        using var json = JsonDocument.Parse(result.Output);
        var problems = json.RootElement.GetProperty("problems").EnumerateArray()
            .Select(problem => (problem.GetProperty("line").GetInt32(), problem.GetProperty("column").GetString(), problem.GetProperty("value").GetString(),
                string.Join(' ', problem.GetProperty("problem").GetString()!.Split(' ')[..3])))
            .ToList();
        Assert.Equal(3, problems.Count);
        Assert.Equal((4, "amount", "-5", "amount '-5' is"), problems[0]);
        Assert.Equal((5, "reference", "RMA-\u202E3", "reference contains the"), problems[1]);
        Assert.Equal((6, "description", "Bell\a", "description contains the"), problems[2]);
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal((4, 3, 3), (totals.GetProperty("rows").GetInt32(), totals.GetProperty("rows_with_problems").GetInt32(), totals.GetProperty("problems").GetInt32()));
    }

    [Fact]
    public async Task Validate_CleanFileAsJson_HasNoProblemsAndExitsZero()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", folder.File("clean.csv", "order_id,currency,amount\nA-1,EUR,1.00\n"), "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Done, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
        Assert.Equal(1, json.RootElement.GetProperty("totals").GetProperty("rows").GetInt32());
    }
}
