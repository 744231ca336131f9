using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>
/// Checks one order_line against the current OM spec: name, quantity, unit_price and total_amount are
/// required; unit_price, total_amount and total_tax_amount have a maximum but no minimum (a return fee
/// line is negative). Tax consistency is not checked: nothing public says OM refunds validate it.
/// </summary>
internal static class OrderLineValidator
{
    private static readonly string[] Types =
    [
        "physical", "discount", "shipping_fee", "sales_tax", "store_credit",
        "gift_card", "digital", "surcharge", ReturnFee.LineType,
    ];

    public static void Validate(List<string> errors, string path, SimulatedOrderLine line)
    {
        if (line.Name is null)
        {
            errors.Add(path + "/name is required");
        }

        if (line.Quantity is not { } quantity)
        {
            errors.Add(path + "/quantity is required");
        }
        else if (quantity < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"The value of {path}/quantity must be at least 0 (was {quantity})"));
        }

        CheckRequiredAmount(errors, path + "/unit_price", line.UnitPrice);
        CheckRequiredAmount(errors, path + "/total_amount", line.TotalAmount);
        CheckMaximum(errors, path + "/total_tax_amount", line.TotalTaxAmount);
        if (line.TotalDiscountAmount is { } discount and (< 0 or > Limits.MaxAmount))
        {
            errors.Add(RefundRequestValidator.Between(path + "/total_discount_amount", 0, Limits.MaxAmount, discount));
        }

        if (line.TaxRate is { } taxRate and < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"The value of {path}/tax_rate must be at least 0 (was {taxRate})"));
        }

        if (line.Type is { } type && !Types.Contains(type, StringComparer.Ordinal))
        {
            errors.Add($"{path}/type must be one of {string.Join('|', Types)}");
        }

        RefundRequestValidator.CheckLength(errors, path + "/name", line.Name, Limits.MaxText);
        RefundRequestValidator.CheckLength(errors, path + "/reference", line.Reference, Limits.MaxText);
        RefundRequestValidator.CheckLength(errors, path + "/quantity_unit", line.QuantityUnit, Limits.MaxQuantityUnit);
        RefundRequestValidator.CheckLength(errors, path + "/merchant_data", line.MerchantData, Limits.MaxUrlOrMerchantData);
        RefundRequestValidator.CheckLength(errors, path + "/product_url", line.ProductUrl, Limits.MaxUrlOrMerchantData);
        RefundRequestValidator.CheckLength(errors, path + "/image_url", line.ImageUrl, Limits.MaxUrlOrMerchantData);
    }

    private static void CheckRequiredAmount(List<string> errors, string field, long? value)
    {
        if (value is null)
        {
            errors.Add(field + " is required");
        }

        CheckMaximum(errors, field, value);
    }

    private static void CheckMaximum(List<string> errors, string field, long? value)
    {
        if (value is { } amount and > Limits.MaxAmount)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"The value of {field} must be at most {Limits.MaxAmount} (was {amount})"));
        }
    }
}
