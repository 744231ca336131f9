using System.Text;
using BulkRefunds.Manifests;

namespace BulkRefunds.Tests.Manifests;

/// <summary>
/// What Excel puts in a cell: a multi-line description is sent as one line; a line break where one line is meant, and every
/// other control or invisible character, is a row problem named in words, on the line where the row starts.
/// </summary>
public sealed class ExcelCellTests
{
    private static readonly ManifestReader Reader = new(new ManifestLimits(), new HashSet<string> { ManifestReader.DefaultAccount });

    [Theory]
    [InlineData("Shoes, size 42\r\nReturned unworn", "Shoes, size 42 Returned unworn", 4)]
    [InlineData("Shoes\nReturned", "Shoes Returned", 4)]
    [InlineData("Shoes\rReturned", "Shoes Returned", 4)]
    [InlineData("Shoes \r\n\r\n  Returned", "Shoes Returned", 5)]
    [InlineData("Shoes\tsize 42\t\tblue", "Shoes size 42 blue", 3)]
    [InlineData("Shoes  size 42", "Shoes  size 42", 3)]
    [InlineData("\r\nShoes\r\n", "Shoes", 5)]
    public async Task ReadAsync_MultiLineDescription_IsValidAndOneLineWithOneSpaceForEachBreak(string cell, string sent, int nextLine)
    {
        var rows = await ReadAsync($"order_id,currency,amount,reference,description\r\nA-1,EUR,95.00,RMA-1,\"{cell}\"\r\nA-2,EUR,1.00,RMA-2,Cap\r\n");

        Assert.True(rows[0].IsValid, string.Join("; ", rows[0].Messages));
        Assert.Equal(sent, rows[0].Description);
        // A row keeps the line it starts on, and the next row its own physical line, as a text editor shows them.
        Assert.Equal((2, nextLine), (rows[0].LineNumber, rows[1].LineNumber));
    }

    [Theory]
    [InlineData("reference", "order_id,currency,amount,reference\nA-0,EUR,1.00,RMA-0\nA-1,EUR,95.00,\"RMA-\r\n1\"\nA-2,EUR,1.00,RMA-2\n")]
    [InlineData("order_id", "order_id,currency,amount,reference\nA-0,EUR,1.00,RMA-0\n\"A-\n1\",EUR,95.00,RMA-1\nA-2,EUR,1.00,RMA-2\n")]
    public async Task ReadAsync_LineBreakInAOneLineColumn_IsARowProblemOnTheRowsFirstLine(string column, string content)
    {
        var rows = await ReadAsync(content);

        var problem = Assert.Single(Assert.Single(rows, row => !row.IsValid).Problems);
        Assert.Equal((3, column, $"{column} contains a line break; remove it"), (rows[1].LineNumber, problem.Column, problem.Message));
        Assert.Equal(5, rows[2].LineNumber);
        Assert.True(rows[2].IsValid);
    }

    [Theory]
    [InlineData("description", "Bell\a", "description contains the control character U+0007; remove it")]
    [InlineData("reference", "RMA\t1", "reference contains a tab; remove it")]
    [InlineData("reference", "RMA-\u202E1", "reference contains the invisible character U+202E (right-to-left override), which can make the text read differently")]
    [InlineData("description", "Shoes\u2028Returned", "description contains the invisible character U+2028 (line separator)")]
    [InlineData("order_id", "A-\u200B1", "order_id contains the invisible character U+200B (zero width space)")]
    public async Task ReadAsync_ControlOrInvisibleCharacter_IsNamedInWordsWithItsColumnAndValue(string column, string value, string message)
    {
        var cells = new Dictionary<string, string> { ["order_id"] = "A-1", ["reference"] = "RMA-1", ["description"] = "Shoes" };
        cells[column] = value;

        var rows = await ReadAsync($"order_id,currency,amount,reference,description\n\"{cells["order_id"]}\",EUR,95.00,\"{cells["reference"]}\",\"{cells["description"]}\"\n");

        var problem = Assert.Single(Assert.Single(rows).Problems);
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("control characters", problem.Message, StringComparison.Ordinal);
        Assert.Equal((column, value), (problem.Column, problem.Value));
    }

    private static async Task<List<ManifestRow>> ReadAsync(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var rows = new List<ManifestRow>();
        await foreach (var row in Reader.ReadAsync(stream, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
