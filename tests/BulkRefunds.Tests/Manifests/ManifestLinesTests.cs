using System.Text;
using BulkRefunds.Manifests;

namespace BulkRefunds.Tests.Manifests;

/// <summary>Order-line columns, the return-fee shorthand and release rows, read row by row.</summary>
public sealed class ManifestLinesTests
{
    private static readonly ManifestReader Reader = new(new ManifestLimits(), new HashSet<string> { "default" });

    [Fact]
    public async Task ReadAsync_LineColumns_GiveKlarnaOrderLinesInMinorUnits()
    {
        var rows = await ReadAsync("""
            order_id,currency,reference,line_name,line_reference,line_type,line_quantity,line_unit_price,line_total_discount_amount,line_tax_rate,line_total_tax_amount
            A-1,SEK,RMA-9,T-shirt,SKU-1,,2,"149,50",10.00,2500,57.80
            A-1,SEK,RMA-9,Return fee,,return_fee,1,-29.00,,,
            """);

        Assert.All(rows, row => Assert.True(row.IsValid, string.Join("; ", row.Messages)));
        Assert.Equal(new ManifestLine("T-shirt", "SKU-1", "physical", 2, 14950, 28900, 2500, 5780, 1000), rows[0].Line);
        Assert.Equal(new ManifestLine("Return fee", null, "return_fee", 1, -2900, -2900, null, null, 0), rows[1].Line);
        Assert.All(rows, row => Assert.Null(row.AmountMinor));
    }

    [Fact]
    public async Task ReadAsync_LineTotalThatDoesNotAddUp_IsAProblem()
    {
        var rows = await ReadAsync("order_id,currency,amount,line_name,line_quantity,line_unit_price,line_total_amount\nA-1,EUR,20.00,Socks,2,10.00,19.00\n");

        Assert.Contains("line_total_amount is 1900 minor units but line_quantity × line_unit_price − line_total_discount_amount is 2000",
            Assert.Single(rows[0].Messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MinorUnitFile_ReadsLineAmountsInMinorUnitsToo()
    {
        var rows = await ReadAsync("order_id,currency,refunded_amount,line_name,line_quantity,line_unit_price\nA-1,EUR,1000,Cap,1,1000\n");

        Assert.Equal(1000, rows[0].Line!.UnitPrice);
        Assert.Equal(1000, rows[0].AmountMinor);
    }

    [Theory]
    [InlineData("100.00", "5.00", 9500L, 500L, null)]
    [InlineData("100.00", "100.00", null, 10000L, "return_fee must be less than the returned amount")]
    [InlineData("100.00", "-5", null, null, "return_fee '-5' is not a plain decimal")]
    public async Task ReadAsync_ReturnFeeShorthand_RefundsTheNetAndKeepsTheFee(string gross, string fee, long? net, long? feeMinor, string? problem)
    {
        var rows = await ReadAsync($"order_id,currency,amount,return_fee\nA-1,EUR,{gross},{fee}\n");

        Assert.Equal(feeMinor, rows[0].ReturnFeeMinor);
        if (problem is null)
        {
            Assert.Equal((true, net), (rows[0].IsValid, rows[0].AmountMinor));
        }
        else
        {
            Assert.Contains(problem, Assert.Single(rows[0].Messages), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_ReleaseWithNotBefore_KeepsTheDateAndRejectsABadOne()
    {
        var rows = await ReadAsync("action,order_id,not_before\nrelease,A-1,2026-12-24\nrelease,A-2,24.12.2026\n");

        Assert.Equal(new DateOnly(2026, 12, 24), rows[0].NotBefore);
        Assert.Contains("not a date written as YYYY-MM-DD", Assert.Single(rows[1].Messages), StringComparison.Ordinal);
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
