namespace BulkRefunds.Manifests;

/// <summary>
/// Reads a refund row's amount, return fee and line amounts in the file's unit, collecting problems. One instance per
/// file, pointed at each row's currency with <see cref="For"/>.
/// </summary>
internal sealed class RowAmounts(ManifestHeader header, RowProblems problems, Func<string, string> field)
{
    private string? currency;
    private int? exponent;

    /// <summary>Sets the row's currency (null or unsupported: amounts in major units cannot be read).</summary>
    public RowAmounts For(string? rowCurrency)
    {
        currency = rowCurrency;
        exponent = rowCurrency is null ? null : CurrencyExponents.Find(rowCurrency);
        return this;
    }

    public ManifestRow Refund(int line, string account, string orderId, string? reference, string? description, LineReader lines)
    {
        var hasLine = lines.Present();
        var orderLine = hasLine ? lines.Read() : null;
        var amount = RefundAmount(required: !hasLine);
        var fee = Optional(ManifestColumns.ReturnFee, AmountSign.Positive);
        if (fee is not null && hasLine)
        {
            problems.Add(ManifestColumns.ReturnFee, field(ManifestColumns.ReturnFee), "return_fee is a shorthand for rows without order lines; with lines, add a line of type return_fee instead");
        }
        else if (fee is { } charged && amount is { } gross && charged >= gross)
        {
            problems.Add(ManifestColumns.ReturnFee, field(ManifestColumns.ReturnFee), $"return_fee must be less than the returned amount ({gross} minor units)");
        }

        var net = fee is { } f && amount is { } g && f < g ? g - f : amount;
        return new ManifestRow(line, account, ManifestAction.Refund, orderId, currency, net, reference, description, problems.Snapshot())
        {
            Line = orderLine,
            HasLine = hasLine,
            ReturnFeeMinor = fee,
        };
    }

    /// <summary>An optional amount column in the file's unit; null when empty or not valid (the problem is recorded).</summary>
    public long? Optional(string column, AmountSign sign)
    {
        var text = field(column);
        if (text.Length == 0 || !CanRead(column))
        {
            return null;
        }

        return Record(column, AmountParser.Parse(text, currency ?? "", header.MinorUnits ? null : exponent, sign));
    }

    private long? RefundAmount(bool required)
    {
        var major = field(ManifestColumns.Amount);
        var minor = field(ManifestColumns.RefundedAmount);
        if (major.Length > 0 && minor.Length > 0)
        {
            problems.Add("both 'amount' and 'refunded_amount' are filled; give one of them");
            return null;
        }

        if (major.Length == 0 && minor.Length == 0)
        {
            if (required)
            {
                problems.Add("the amount is missing (fill 'amount' or 'refunded_amount')");
            }

            return null;
        }

        if (minor.Length > 0)
        {
            return Record(ManifestColumns.RefundedAmount, AmountParser.ParseMinor(minor));
        }

        return CanRead(ManifestColumns.Amount) ? Record(ManifestColumns.Amount, AmountParser.Parse(major, currency ?? "", exponent, AmountSign.Positive)) : null;
    }

    // An amount in major units cannot be read without a known currency; that problem is already recorded.
    private bool CanRead(string column) => column == ManifestColumns.RefundedAmount || header.MinorUnits || exponent is not null;

    private long? Record(string column, AmountResult result)
    {
        if (result.Error is null)
        {
            return result.AmountMinor;
        }

        problems.Add(column, field(column), $"{column} {result.Error}");
        return null;
    }
}
