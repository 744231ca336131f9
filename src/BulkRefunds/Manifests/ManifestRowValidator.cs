using CsvHelper;

namespace BulkRefunds.Manifests;

/// <summary>
/// Checks one CSV record and collects every problem, not only the first. One instance per file: the record's
/// fields are read once into a reused array, so a valid row costs its strings and its <see cref="ManifestRow"/>.
/// </summary>
internal sealed class ManifestRowValidator
{
    private static readonly string[] ReleaseAmountColumns = [ManifestColumns.Amount, ManifestColumns.RefundedAmount, ManifestColumns.ReturnFee, .. ManifestColumns.Lines];

    private readonly ManifestHeader header;
    private readonly ManifestLimits limits;
    private readonly IReadOnlySet<string> accounts;
    private readonly RowProblems problems = new();
    private readonly string[] fields;
    private readonly RowAmounts amounts;
    private readonly LineReader lines;

    public ManifestRowValidator(ManifestHeader header, ManifestLimits limits, IReadOnlySet<string> accounts)
    {
        this.header = header;
        this.limits = limits;
        this.accounts = accounts;
        fields = new string[header.Count];
        amounts = new RowAmounts(header, problems, Field);
        lines = new LineReader(header, limits, problems, amounts, Field);
    }

    /// <summary>Validates the current record of <paramref name="csv"/>; <paramref name="quotingProblem"/> is one the reader found.</summary>
    public ManifestRow Validate(CsvReader csv, int line, string? quotingProblem)
    {
        problems.Clear();
        if (quotingProblem is not null)
        {
            problems.Add(quotingProblem);
        }

        if (csv.FieldCount != header.Count)
        {
            problems.Add($"the line has {csv.FieldCount} fields but the header has {header.Count}");
        }

        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = i < csv.FieldCount ? csv.GetString(i).Trim() : "";
        }

        var action = ParseAction(Field(ManifestColumns.Action));
        var orderId = Text(ManifestColumns.OrderId, required: true) ?? "";
        if (orderId is "." or "..")
        {
            problems.Add(ManifestColumns.OrderId, orderId, $"order_id '{orderId}' is not an order id");
        }

        var account = Text(ManifestColumns.Account, required: false) ?? ManifestReader.DefaultAccount;
        if (!accounts.Contains(account))
        {
            problems.Add(ManifestColumns.Account, account, $"account '{account}' is not configured (configured: {string.Join(", ", accounts.Order(StringComparer.Ordinal))})");
        }

        var currency = Currency(required: action == ManifestAction.Refund);
        var reference = Text(ManifestColumns.Reference, required: false);
        // Excel writes a cell with several lines as a quoted field with line breaks: sent (and staged) as one line.
        var description = Text(ManifestColumns.Description, required: false, MultiLineCell.Join);
        return action == ManifestAction.Refund
            ? amounts.For(currency).Refund(line, account, orderId, reference, description, lines)
            : Release(line, account, orderId, currency, reference, description);
    }

    private ManifestRow Release(int line, string account, string orderId, string? currency, string? reference, string? description)
    {
        if (ReleaseAmountColumns.Any(column => Field(column).Length > 0))
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
                problems.Add(ManifestColumns.NotBefore, date, $"not_before '{date}' is not a date written as YYYY-MM-DD");
            }
        }

        return new ManifestRow(line, account, ManifestAction.Release, orderId, currency, null, reference, description, problems.Snapshot()) { NotBefore = notBefore };
    }

    private ManifestAction ParseAction(string text)
    {
        if (text.Length == 0 || text.Equals("refund", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestAction.Refund;
        }

        if (text.Equals("release", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestAction.Release;
        }

        problems.Add(ManifestColumns.Action, text, $"action '{text}' is not 'refund' or 'release'");
        return ManifestAction.Refund;
    }

    // The upper-case code (one shared string per currency), or the text as given when it is not supported.
    private string? Currency(bool required)
    {
        var value = Text(ManifestColumns.Currency, required);
        if (value is null || value.Length > limits.MaxFieldLength)
        {
            return value;
        }

        if (CurrencyExponents.Canonical(value) is { } code)
        {
            return code;
        }

        problems.Add(ManifestColumns.Currency, value, $"currency '{value}' is not a supported ISO 4217 code");
        return value.ToUpperInvariant();
    }

    private string? Text(string column, bool required, Func<string, string>? clean = null)
    {
        var value = clean is null ? Field(column) : clean(Field(column));
        if (value.Length == 0)
        {
            if (required)
            {
                problems.Add(column, value, $"{column} is missing");
            }

            return null;
        }

        if (TextProblem(column, value, limits.MaxFieldLength) is { } problem)
        {
            problems.Add(column, value, problem);
            // The invalid row is still staged and reported: its cell must stay short and read as what it holds (PostgreSQL
            // refuses NUL in text, and a report cell with U+202E would display reversed).
            return InvisibleCharacters.Reveal(TextCut.Truncate(value, limits.MaxFieldLength));
        }

        return value;
    }

    /// <summary>A text value too long ("description is 5,000,000 characters long; the limit is 255") or holding an invisible character.</summary>
    internal static string? TextProblem(string column, string value, int maxLength) =>
        value.Length > maxLength
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{column} is {value.Length:N0} characters long; the limit is {maxLength:N0}")
            : InvisibleCharacters.Problem(column, value);

    private string Field(string column)
    {
        var index = header[column];
        return index < 0 ? "" : fields[index];
    }
}
