using System.Globalization;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>
/// Schema checks of a refund request. Every violation is reported (Klarna's 422 carries a list), each
/// naming its field in Klarna's slash style ("order_lines[0]/quantity").
/// </summary>
internal static class RefundRequestValidator
{
    public static IReadOnlyList<string> Validate(RefundRequestBody request)
    {
        var errors = new List<string>();
        if (request.RefundedAmount is not { } amount)
        {
            errors.Add("refunded_amount is required");
        }
        else if (amount is < 0 or > Limits.MaxAmount)
        {
            errors.Add(Between("refunded_amount", 0, Limits.MaxAmount, amount));
        }

        CheckLength(errors, "description", request.Description, Limits.MaxText);
        CheckLength(errors, "reference", request.Reference, Limits.MaxText);

        var lines = request.OrderLines ?? [];
        if (lines.Count > Limits.MaxOrderLines)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"The size of order_lines must be between 0 and {Limits.MaxOrderLines}"));
            return errors;
        }

        for (var index = 0; index < lines.Count; index++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"order_lines[{index}]");
            if (lines[index] is { } line)
            {
                OrderLineValidator.Validate(errors, path, line);
            }
            else
            {
                errors.Add(path + " must be an object");
            }
        }

        return errors;
    }

    public static void CheckLength(List<string> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"The size of {field} value must be between 0 and {max}"));
        }
    }

    public static string Between(string field, long min, long max, long actual)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"The value of {field} must be between {min} and {max} (was {actual})");
}
