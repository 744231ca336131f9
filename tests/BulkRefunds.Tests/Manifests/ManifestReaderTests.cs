using System.Text;
using BulkRefunds.Manifests;

namespace BulkRefunds.Tests.Manifests;

public sealed class ManifestReaderTests
{
    private static readonly ManifestReader Reader = new(new ManifestLimits { MaxRows = 5 }, new HashSet<string> { "default", "nordics" });

    [Fact]
    public async Task ReadAsync_ExcelDialects_GiveIdenticalRows()
    {
        const string comma = "order_id,currency,amount,reference\r\nA-1,EUR,95.00,RMA-1\r\nA-2,SEK,\"1249,50\",RMA-2\r\n";
        const string semicolonWithBom = "\uFEFFOrder_ID ; Currency;AMOUNT;reference\nA-1;EUR;95,00;RMA-1\nA-2;SEK;1249,50;RMA-2\n";
        const string tabs = "order_id\tcurrency\tamount\treference\nA-1\tEUR\t95\tRMA-1\n\nA-2\tSEK\t1249.5\tRMA-2";

        var rows = await Task.WhenAll(ReadAsync(comma), ReadAsync(semicolonWithBom), ReadAsync(tabs));

        Assert.All(rows, file => Assert.Equal(
            [("A-1", "EUR", 9500L, "RMA-1"), ("A-2", "SEK", 124950L, "RMA-2")],
            file.Select(row => (row.OrderId, row.Currency!, row.AmountMinor!.Value, row.Reference!))));
        Assert.All(rows.SelectMany(file => file), row => Assert.True(row.IsValid));
    }

    [Fact]
    public async Task ReadAsync_QuotedFields_KeepDelimitersAndQuotesAndJoinTheLinesOfADescription()
    {
        var rows = await ReadAsync("order_id,currency,refunded_amount,description\nA-1,EUR,100,\"Shoes, size 42 \"\"wide\"\"\nsecond line\"\nA-2,EUR,200,plain\n");

        Assert.Equal("Shoes, size 42 \"wide\" second line", rows[0].Description);
        Assert.Equal((2, 4), (rows[0].LineNumber, rows[1].LineNumber));
    }

    [Fact]
    public async Task ReadAsync_BadRow_CollectsEveryProblemAndTheGoodRowsGoOn()
    {
        var rows = await ReadAsync("order_id,currency,amount,account,action\nA-1,EUR,95.00,,\n,XYZ,1e3,elsewhere,cancel\nA-3,EUR,1.234,,refund\n");

        Assert.True(rows[0].IsValid);
        Assert.Equal(3, rows[1].LineNumber);
        Assert.Equal(4, rows[1].Problems.Count);
        Assert.Contains(rows[1].Messages, problem => problem.Contains("order_id is missing", StringComparison.Ordinal));
        Assert.Contains(rows[1].Messages, problem => problem.Contains("currency 'XYZ'", StringComparison.Ordinal));
        Assert.Contains(rows[1].Messages, problem => problem.Contains("account 'elsewhere' is not configured", StringComparison.Ordinal));
        Assert.Contains(rows[1].Messages, problem => problem.Contains("action 'cancel'", StringComparison.Ordinal));
        Assert.Contains("3 decimals", Assert.Single(rows[2].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFieldAndBrokenQuote_AreRowProblems()
    {
        var rows = await ReadAsync("order_id,currency,amount\nA-1,EUR\nA-2,EUR,5\"0\nA-3,EUR,1.00\n");

        Assert.Contains(rows[0].Messages, problem => problem.Contains("2 fields but the header has 3", StringComparison.Ordinal));
        Assert.Contains(rows[1].Messages, problem => problem.Contains("broken quoting", StringComparison.Ordinal));
        Assert.True(rows[2].IsValid);
    }

    [Fact]
    public async Task ReadAsync_ReleaseRow_NeedsNoCurrencyOrAmount()
    {
        var rows = await ReadAsync("action,order_id,currency,amount\nrelease,A-1,,\nrelease,A-2,,5.00\n");

        Assert.Equal((ManifestAction.Release, true, null), (rows[0].Action, rows[0].IsValid, rows[0].AmountMinor));
        Assert.Contains("takes no amount", Assert.Single(rows[1].Messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The file is empty")]
    [InlineData("order_id,currency,amount\n", "no rows")]
    [InlineData("order_id,currency,price\nA,EUR,1\n", "unknown column(s): 'price'")]
    [InlineData("order_id,amount,Amount\nA,1,1\n", "more than once: 'amount'")]
    [InlineData("currency,amount\nEUR,1\n", "must have an 'order_id' column")]
    [InlineData("order_id,amount\n1,1\n2,1\n3,1\n4,1\n5,1\n6,1\n", "more than 5 rows")]
    public async Task ReadAsync_BadFile_IsRejectedWithAFinanceReadableMessage(string content, string message)
    {
        var rejected = await Assert.ThrowsAsync<ManifestRejectedException>(() => ReadAsync(content));

        Assert.Contains(message, rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Windows1252Bytes_RejectTheFileAsNotUtf8()
    {
        var bytes = Encoding.Latin1.GetBytes("order_id,currency,amount,description\nA-1,EUR,1.00,Pullover f\u00fcr Herren\n");

        var rejected = await Assert.ThrowsAsync<ManifestRejectedException>(() => ReadAsync(bytes));

        Assert.Contains("not UTF-8", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ExcelWorkbook_IsRejectedAsNotCsv()
    {
        var rejected = await Assert.ThrowsAsync<ManifestRejectedException>(() => ReadAsync([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]));

        Assert.Contains("Excel workbook", rejected.Message, StringComparison.Ordinal);
    }

    private static Task<List<ManifestRow>> ReadAsync(string content) => ReadAsync(Encoding.UTF8.GetBytes(content));

    private static async Task<List<ManifestRow>> ReadAsync(byte[] content)
    {
        using var stream = new MemoryStream(content);
        var rows = new List<ManifestRow>();
        await foreach (var row in Reader.ReadAsync(stream, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
