using CsvHelper;

namespace BulkRefunds.Manifests;

/// <summary>Checks one CSV record and collects every problem, not only the first.</summary>
internal sealed class ManifestRowValidator(
    ManifestHeader header, ManifestLimits limits, IReadOnlySet<string> accounts, List<string> problems)
{
    private CsvReader csv = null!;

    public ManifestRow Validate(CsvReader record, int line)
    {
        csv = record;
        if (csv.FieldCount != header.Count)
        {
            problems.Add($"the line has {csv.FieldCount} fields but the header has {header.Count}");
        }

        var action = ParseAction(Field(ManifestColumns.Action));
        var orderId = Text(ManifestColumns.OrderId, required: true) ?? "";
        if (orderId is "." or "..")
        {
            problems.Add($"order_id '{orderId}' is not an order id");
        }

        var account = Text(ManifestColumns.Account, required: false) ?? ManifestReader.DefaultAccount;
        if (!accounts.Contains(account))
        {
            problems.Add($"account '{account}' is not configured (configured: {string.Join(", ", accounts.Order(StringComparer.Ordinal))})");
        }

        var currency = Text(ManifestColumns.Currency, required: action == ManifestAction.Refund)?.ToUpperInvariant();
        var exponent = currency is null ? null : CurrencyExponents.Find(currency);
        var amounts = new RowAmounts(header, problems, currency ?? "", exponent, Field);
        var reference = Text(ManifestColumns.Reference, required: false);
        var description = Text(ManifestColumns.Description, required: false);
        var row = action == ManifestAction.Refund
            ? amounts.Refund(line, account, orderId, currency, reference, description, new LineReader(limits, problems, amounts, Field))
            : Release(line, account, orderId, currency, reference, description);
        return row;
    }

    private ManifestRow Release(int line, string account, string orderId, string? currency, string? reference, string? description)
    {
        var amountColumns = new[] { ManifestColumns.Amount, ManifestColumns.RefundedAmount, ManifestColumns.ReturnFee }.Concat(ManifestColumns.Lines);
        if (amountColumns.Any(column => Field(column).Length > 0))
        {
            problems.Add("a 'release' row releases the whole remaining authorization and takes no amount, return fee or order line");
        }

        DateOnly? notBefore = null;
        var date = Field(ManifestColumns.NotBefore);
        if (date.Length > 0)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var parsed))
            {
                notBefore = parsed;
            }
            else
            {
                problems.Add($"not_before '{date}' is not a date written as YYYY-MM-DD");
            }
        }

        return new ManifestRow(line, account, ManifestAction.Release, orderId, currency, null, reference, description, problems) { NotBefore = notBefore };
    }

    private ManifestAction ParseAction(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "" or "refund":
                return ManifestAction.Refund;
            case "release":
                return ManifestAction.Release;
            default:
                problems.Add($"action '{text}' is not 'refund' or 'release'");
                return ManifestAction.Refund;
        }
    }

    private string? Text(string column, bool required)
    {
        var value = Field(column);
        if (value.Length == 0)
        {
            if (required)
            {
                problems.Add($"{column} is missing");
            }

            return null;
        }

        if (value.Length > limits.MaxFieldLength)
        {
            problems.Add($"{column} is {value.Length} characters long; the limit is {limits.MaxFieldLength}");
        }
        else if (column == ManifestColumns.Currency && CurrencyExponents.Find(value.ToUpperInvariant()) is null)
        {
            problems.Add($"currency '{value}' is not a supported ISO 4217 code");
        }
        else if (value.Any(char.IsControl))
        {
            problems.Add($"{column} contains control characters");
        }

        return value;
    }

    private string Field(string column)
    {
        var index = header[column];
        return index < 0 || index >= csv.FieldCount ? "" : csv.GetString(index).Trim();
    }
}
