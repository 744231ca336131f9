using System.Text;
using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Tests.Reports;

public sealed class ReportWriterTests
{
    private static readonly ManifestRecord Manifest = new(Guid.Parse("01a21646-0000-7000-8000-000000000001"), "returns.csv",
        new string('c', 64), 100, new DateTime(2026, 11, 26, 2, 0, 0, DateTimeKind.Utc), "finance", 2, null);

    [Fact]
    public async Task WriteAsync_TextThatExcelWouldRun_IsNeutralised()
    {
        var row = Row(1) with { Reference = "=HYPERLINK(\"http://evil\")", ErrorMessage = "+cmd|' /C calc'!A0", OrderId = "@SUM(1)", RefundId = "-2+3",
            Description = "=1+1 shoes" };

        var text = await WriteAsync(row);

        // OWASP: prefix with a quote character, and wrap the cell in quotes.
        Assert.Contains(",\"'@SUM(1)\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'+cmd|' /C calc'!A0\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'-2+3\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"'=1+1 shoes\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NegativeReturnFeeLine_StaysANumberWhileTextStartingWithMinusIsEscaped()
    {
        var feeLine = Row(3) with { AmountMinor = -495, IsOrderLine = true, GroupLine = 2, ErrorMessage = "-1 is not valid" };

        var line = (await WriteAsync(feeLine)).Split("\r\n")[1];

        Assert.Contains(",EUR,-495,-4.95,succeeded,", line, StringComparison.Ordinal);
        Assert.Contains(",\"'-1 is not valid\",", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Report_StartsWithBomAndKeepsAmountsAsPlainNumbers()
    {
        var bytes = await WriteBytesAsync(Row(2));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(',', ReportWriter.Columns), lines[0]);
        Assert.StartsWith("01a21646-0000-7000-8000-000000000001,2,default,refund,A-2,RMA,EUR,9500,95.00,succeeded,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SemicolonDelimiter_SeparatesWithSemicolonsAndKeepsAmountsExact()
    {
        using var output = new MemoryStream();
        var row = Row(2) with { Reference = "RMA;2", ErrorMessage = "a, b" };

        await ReportWriter.WriteAsync(output, Manifest, Rows(row), new ReportOptions { Delimiter = ";" }, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(output.ToArray()[3..]).Split("\r\n");
        Assert.Equal(string.Join(';', ReportWriter.Columns), lines[0]);
        // A ';' inside a cell is quoted now, a ',' no longer needs to be; numbers keep their '.' (Excel's locale does not reach them).
        Assert.StartsWith("01a21646-0000-7000-8000-000000000001;2;default;refund;A-2;\"RMA;2\";EUR;9500;95.00;succeeded;", lines[1], StringComparison.Ordinal);
        Assert.Contains(";a, b;", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Description_FollowsTheNoteAndTheSettlementColumnsStayLast()
    {
        var row = Row(2) with { Note = "re-keyed", Description = "Shoes, size 42 Returned unworn" };

        var line = (await WriteAsync(row)).Split("\r\n")[1];

        Assert.Equal(["note", "description", "settlement_status", "payment_reference", "payout_date"], ReportWriter.Columns.TakeLast(5));
        Assert.EndsWith(",re-keyed,\"Shoes, size 42 Returned unworn\",,,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SameRows_GiveIdenticalBytes()
    {
        Assert.Equal(await WriteBytesAsync(Row(1), Row(2)), await WriteBytesAsync(Row(1), Row(2)));
    }

    [Fact]
    public async Task WriteAsync_Summary_SumsPerCurrencyNeverAcross()
    {
        using var output = new MemoryStream();

        var summary = await ReportWriter.WriteAsync(output, Manifest, Rows(
            Row(2), Row(3) with { Currency = "SEK", AmountMinor = 100 }, Row(4) with { State = RowState.Failed, ErrorCode = "REFUND_NOT_ALLOWED" },
            Row(5) with { State = RowState.Invalid, AmountMinor = null, Problems = "bad" }), CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { ["failed"] = 1, ["invalid"] = 1, ["succeeded"] = 2 }, summary.RowsByStatus);
        var eur = Assert.Single(summary.Currencies, totals => totals.Currency == "EUR");
        Assert.Equal((19000L, 9500L, 9500L, "95.00"), (eur.RequestedMinor, eur.RefundedMinor, eur.NotRefundedMinor, eur.NotRefunded));
        Assert.Equal(100, Assert.Single(summary.Currencies, totals => totals.Currency == "SEK").RefundedMinor);
        Assert.Equal(1, summary.FailuresByErrorCode["REFUND_NOT_ALLOWED"]);
    }

    private static RowRecord Row(int line) => new(line, "default", BulkRefunds.Manifests.ManifestAction.Refund, $"A-{line}", "RMA", "EUR", 9500, RowState.Succeeded, null,
        "refund-1", "https://api.klarna.com/x", 201, null, null, "corr", Guid.Empty, 1, null, null);

    private static async Task<string> WriteAsync(params RowRecord[] rows) => Encoding.UTF8.GetString(await WriteBytesAsync(rows));

    private static async Task<byte[]> WriteBytesAsync(params RowRecord[] rows)
    {
        using var output = new MemoryStream();
        await ReportWriter.WriteAsync(output, Manifest, Rows(rows), CancellationToken.None);
        return output.ToArray();
    }

    private static async IAsyncEnumerable<RowRecord> Rows(params RowRecord[] rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }
}
