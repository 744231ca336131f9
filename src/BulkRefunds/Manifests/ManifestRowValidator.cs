using CsvHelper;

namespace BulkRefunds.Manifests;

/// <summary>Checks one CSV record and collects every problem, not only the first.</summary>
internal sealed class ManifestRowValidator(
    ManifestHeader header, ManifestLimits limits, IReadOnlySet<string> accounts, List<string> problems)
{
    public ManifestRow Validate(CsvReader csv, int line)
    {
        if (csv.FieldCount != header.Count)
        {
            problems.Add($"the line has {csv.FieldCount} fields but the header has {header.Count}");
        }

        var action = ParseAction(Field(csv, header.Action));
        var orderId = Text(csv, header.OrderId, ManifestColumns.OrderId, required: true) ?? "";
        if (orderId is "." or "..")
        {
            problems.Add($"order_id '{orderId}' is not an order id");
        }

        var account = Text(csv, header.Account, ManifestColumns.Account, required: false) ?? ManifestReader.DefaultAccount;
        if (!accounts.Contains(account))
        {
            problems.Add($"account '{account}' is not configured (configured: {string.Join(", ", accounts.Order(StringComparer.Ordinal))})");
        }

        var currency = Text(csv, header.Currency, ManifestColumns.Currency, required: action == ManifestAction.Refund)?.ToUpperInvariant();
        var amount = action == ManifestAction.Refund ? ParseAmount(csv, currency) : RejectAmountOnRelease(csv);
        var reference = Text(csv, header.Reference, ManifestColumns.Reference, required: false);
        var description = Text(csv, header.Description, ManifestColumns.Description, required: false);
        return new ManifestRow(line, account, action, orderId, currency, amount, reference, description, problems);
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

    private long? ParseAmount(CsvReader csv, string? currency)
    {
        var major = Field(csv, header.Amount);
        var minor = Field(csv, header.RefundedAmount);
        if (major.Length > 0 && minor.Length > 0)
        {
            problems.Add("both 'amount' and 'refunded_amount' are filled; give one of them");
            return null;
        }

        if (major.Length == 0 && minor.Length == 0)
        {
            problems.Add("the amount is missing (fill 'amount' or 'refunded_amount')");
            return null;
        }

        AmountResult result;
        if (minor.Length > 0)
        {
            result = AmountParser.ParseMinor(minor);
        }
        else if (currency is null)
        {
            return null; // the missing currency is already reported; an amount cannot be read without it
        }
        else if (CurrencyExponents.Find(currency) is { } exponent)
        {
            result = AmountParser.ParseMajor(major, currency, exponent);
        }
        else
        {
            return null; // unknown currency, reported by Text()
        }

        if (result.Error is not null)
        {
            problems.Add($"{(minor.Length > 0 ? ManifestColumns.RefundedAmount : ManifestColumns.Amount)} {result.Error}");
            return null;
        }

        return result.AmountMinor;
    }

    private long? RejectAmountOnRelease(CsvReader csv)
    {
        if (Field(csv, header.Amount).Length > 0 || Field(csv, header.RefundedAmount).Length > 0)
        {
            problems.Add("a 'release' row releases the whole remaining authorization and takes no amount");
        }

        return null;
    }

    private string? Text(CsvReader csv, int index, string column, bool required)
    {
        var value = Field(csv, index);
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

    private static string Field(CsvReader csv, int index) =>
        index < 0 || index >= csv.FieldCount ? "" : csv.GetString(index).Trim();
}
