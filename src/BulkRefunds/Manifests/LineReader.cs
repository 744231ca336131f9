namespace BulkRefunds.Manifests;

/// <summary>Reads the order line of a row (the line_* columns), checking Klarna's line arithmetic.</summary>
internal sealed class LineReader(ManifestHeader header, ManifestLimits limits, RowProblems problems, RowAmounts amounts, Func<string, string> field)
{
    private readonly bool fileHasLines = ManifestColumns.Lines.Any(header.Has);

    /// <summary>Whether the row fills any line column (then it belongs to a refund group, valid or not).</summary>
    public bool Present()
    {
        if (!fileHasLines)
        {
            return false;
        }

        foreach (var column in ManifestColumns.Lines)
        {
            if (field(column).Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The row's order line, or null when it has problems (recorded); call only when <see cref="Present"/>.</summary>
    public ManifestLine? Read()
    {
        var before = problems.Count;
        var name = Required(ManifestColumns.LineName);
        var type = field(ManifestColumns.LineType) is { Length: > 0 } given ? given.ToLowerInvariant() : "physical";
        if (!ManifestColumns.LineTypes.Contains(type))
        {
            problems.Add(ManifestColumns.LineType, type, $"line_type '{type}' is not one of {string.Join(", ", ManifestColumns.LineTypes)}");
        }

        var quantity = Count(ManifestColumns.LineQuantity, required: true);
        var unitPrice = amounts.Optional(ManifestColumns.LineUnitPrice, AmountSign.Any);
        var total = amounts.Optional(ManifestColumns.LineTotalAmount, AmountSign.Any);
        var discount = amounts.Optional(ManifestColumns.LineTotalDiscountAmount, AmountSign.NonNegative) ?? 0;
        var taxRate = (int?)Count(ManifestColumns.LineTaxRate, required: false);
        var tax = amounts.Optional(ManifestColumns.LineTotalTaxAmount, AmountSign.Any);
        if (unitPrice is null && field(ManifestColumns.LineUnitPrice).Length == 0)
        {
            problems.Add(ManifestColumns.LineUnitPrice, "", "line_unit_price is missing");
        }

        // Klarna: total_amount = quantity × unit_price − total_discount_amount (contract §10).
        var expected = quantity is { } q && unitPrice is { } u ? q * u - discount : (long?)null;
        if (total is { } t && expected is { } e && t != e)
        {
            problems.Add(ManifestColumns.LineTotalAmount, field(ManifestColumns.LineTotalAmount), $"line_total_amount is {t} minor units but line_quantity × line_unit_price − line_total_discount_amount is {e}");
        }

        var reference = field(ManifestColumns.LineReference);
        CheckText(ManifestColumns.LineName, name);
        CheckText(ManifestColumns.LineReference, reference);

        return problems.Count > before || expected is not { } lineTotal
            ? null
            : new ManifestLine(name, reference.Length == 0 ? null : reference, type, quantity!.Value, unitPrice!.Value, total ?? lineTotal, taxRate, tax, discount);
    }

    private void CheckText(string column, string value)
    {
        if (ManifestRowValidator.TextProblem(column, value, limits.MaxFieldLength) is { } problem)
        {
            problems.Add(column, value, problem);
        }
    }

    private string Required(string column)
    {
        var value = field(column);
        if (value.Length == 0)
        {
            problems.Add(column, value, $"{column} is missing");
        }

        return value;
    }

    private long? Count(string column, bool required)
    {
        var text = field(column);
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(column, text, $"{column} is missing");
            }

            return null;
        }

        if (text.Length > 9 || text.AsSpan().ContainsAnyExceptInRange('0', '9') || (column == ManifestColumns.LineQuantity && !text.AsSpan().ContainsAnyExcept('0')))
        {
            problems.Add(column, text, column == ManifestColumns.LineTaxRate
                ? $"{column} '{text}' is not a whole number of basis points (2500 = 25 %)"
                : $"{column} '{text}' is not a whole number above zero");
            return null;
        }

        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
