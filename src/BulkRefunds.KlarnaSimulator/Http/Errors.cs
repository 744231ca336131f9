using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>Error responses used by more than one endpoint.</summary>
internal static class Errors
{
    // Klarna's docs use NO_SUCH_ORDER for unknown orders across operations (the OpenAPI says NOT_FOUND for
    // refunds); one code keeps client handling simple and matches GET order.
    public static SimResponse NoSuchOrder(string orderId)
        => SimResponse.Error(
            StatusCodes.Status404NotFound,
            "NO_SUCH_ORDER",
            string.Create(CultureInfo.InvariantCulture, $"Order {orderId} cannot be found."));

    public static SimResponse Unprocessable(IReadOnlyList<string> messages)
        => new(StatusCodes.Status422UnprocessableEntity, ErrorCode: "UNPROCESSABLE_ENTITY", ErrorMessages: messages);
}
