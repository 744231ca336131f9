using System.Globalization;
using System.Text.Json;
using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Startup;

/// <summary>Reads the orders file (a JSON array of GET-order bodies). A bad file stops start-up: silently starting empty would turn every refund into a confusing 404.</summary>
internal static class OrdersFile
{
    public static IReadOnlyList<SimulatedOrder> Load(string? path)
    {
        if (path is null)
        {
            return [];
        }

        using var stream = File.OpenRead(path);
        var orders = JsonSerializer.Deserialize<List<SimulatedOrder>>(stream, SimulatorJson.Options)
            ?? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Orders file '{path}' holds null instead of an array."));
        var unnamed = orders.FindIndex(order => order is null || string.IsNullOrWhiteSpace(order.OrderId));
        if (unnamed >= 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Order #{unnamed} in '{path}' has no order_id."));
        }

        return orders;
    }
}
