using BulkRefunds.Host.Cli;

namespace BulkRefunds.Tests.Cli;

/// <summary>The run verb's progress: a line rewritten in place on a terminal, plain lines in a log.</summary>
public sealed class ProgressPrinterTests
{
    [Fact]
    public void Line_GivesDoneTotalRateAndTimeLeft() =>
        Assert.Equal("1200/5000 rows final, 400 rows/s, about 10 s left", ProgressPrinter.Line(1200, 5000, 3m));

    [Fact]
    public void Report_Redirected_WritesPlainLinesWithoutCarriageReturns()
    {
        using var output = new StringWriter();
        var printer = new ProgressPrinter(10, output, live: false);

        printer.Report(10);
        printer.Report(0);
        printer.Finish();

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', output.ToString().Replace(Environment.NewLine, "", StringComparison.Ordinal));
        Assert.StartsWith("  0/10 rows final", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  10/10 rows final", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  all 10 rows final in", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OnATerminal_RewritesOneLine()
    {
        using var output = new StringWriter();
        var printer = new ProgressPrinter(10, output, live: true);

        printer.Report(10);
        printer.Report(0);

        Assert.Equal(2, output.ToString().Count(c => c == '\r'));
        Assert.DoesNotContain(Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }
}
