using System.Globalization;
using System.Text;
using BulkRefunds.Dispatch;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch.Resolution;

/// <summary>
/// Rows that really end in needs_review through the dispatcher: one attempt each (<c>Dispatch:MaxAttempts=1</c>) that may
/// have been applied — a lost answer after Klarna applied it, or a 503 before it did — then GET order cannot be read
/// (503), so nothing proves either way. Each row has its own order and a reference, so it is inside the return invariant.
/// </summary>
internal sealed record ReviewRows(Guid ManifestId, IReadOnlyList<(string OrderId, long AmountMinor, string Reference)> Rows)
{
    /// <summary>The settings a host needs for it: one attempt, no preflight GET (it would take the GET order fault).</summary>
    public static Dictionary<string, string?> Settings(bool fourEyes) => new()
    {
        ["Dispatch:MaxAttempts"] = "1",
        ["Dispatch:Preflight"] = "false",
        ["Approval:FourEyes"] = fourEyes ? "true" : "false",
        ["Approval:RequiredForWeb"] = "false",
    };

    /// <summary>Orders for each row (<paramref name="applied"/>: Klarna applies its refund and loses the answer), armed.</summary>
    public static async Task<IReadOnlyList<(string OrderId, long AmountMinor, string Reference)>> ArmAsync(Simulator simulator, params bool[] applied)
    {
        var rows = new List<(string, long, string)>();
        for (var i = 0; i < applied.Length; i++)
        {
            var orderId = Guid.NewGuid().ToString("D");
            var amount = 1000L + (10 * i);
            await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 2 * amount);
            simulator.Server.State.Faults.Enqueue(orderId,
                new FaultSpec(applied[i] ? FaultKind.LostResponse : FaultKind.Error503) { Operation = FaultOperation.Refund });
            simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.Error503) { Operation = FaultOperation.GetOrder });
            rows.Add((orderId, amount, string.Create(CultureInfo.InvariantCulture, $"RMA-{i + 1}")));
        }

        return rows;
    }

    public static string Csv(IEnumerable<(string OrderId, long AmountMinor, string Reference)> rows)
    {
        var csv = new StringBuilder("order_id,currency,refunded_amount,reference\n");
        foreach (var (orderId, amount, reference) in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{orderId},EUR,{amount},{reference}\n");
        }

        return csv.ToString();
    }

    /// <summary>Imports and dispatches the rows on a host built without a Hangfire server; every row ends needs_review.</summary>
    public static async Task<ReviewRows> DispatchAsync(IServiceProvider services, Simulator simulator, TempFolder folder, params bool[] applied)
    {
        var rows = await ArmAsync(simulator, applied);
        var import = await services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", Csv(rows)), "uploader", default);
        await services.GetRequiredService<ManifestDispatcher>().DispatchAsync(import.Manifest.ManifestId, default);
        var counts = await services.GetRequiredService<ManifestStore>().CountByStateAsync(import.Manifest.ManifestId, default);
        Assert.Equal(applied.Length, counts.GetValueOrDefault(RowState.NeedsReview));
        return new ReviewRows(import.Manifest.ManifestId, rows);
    }

    /// <summary>The row on data line <paramref name="index"/> (CSV line index + 2).</summary>
    public async Task<long> RowIdAsync(IServiceProvider services, int index) =>
        (await services.GetRequiredService<RowResolutions>().FindRowIdAsync(ManifestId, index + 2, default))!.Value;
}
