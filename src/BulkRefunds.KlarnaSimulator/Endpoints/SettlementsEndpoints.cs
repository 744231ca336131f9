using System.Globalization;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;
using BulkRefunds.KlarnaSimulator.Settlements;

namespace BulkRefunds.KlarnaSimulator.Endpoints;

/// <summary>Klarna's Settlements API v1 (settlements-contract.md §1.4): payouts and transactions derived from the ledger.</summary>
internal static class SettlementsEndpoints
{
    private const int MaxSize = 500;

    public static void MapSettlements(this IEndpointRouteBuilder app)
    {
        var settlements = app.MapGroup("/settlements/v1");
        settlements.MapGet("/payouts", GetPayouts).WithMetadata(new FaultPoint(FaultOperation.GetPayouts));
        settlements.MapGet("/payouts/{paymentReference}", GetPayout).WithMetadata(new FaultPoint(FaultOperation.GetPayout));
        settlements.MapGet("/transactions", GetTransactions).WithMetadata(new FaultPoint(FaultOperation.GetTransactions));
    }

    private static SimResponse GetPayouts(HttpContext context, SimulatorState state)
    {
        var query = context.Request.Query;
        if (Paging(query) is not ({ } size, { } offset, null) || Date(query["start_date"], DateTimeOffset.MinValue) is not { } from
            || Date(query["end_date"], DateTimeOffset.MaxValue) is not { } to)
        {
            return Paging(query).Error ?? BadRequest("start_date and end_date must be ISO 8601 dates or date-times, e.g. 2026-11-01T00:00:00Z");
        }

        var currency = query["currency_code"].ToString();
        var payouts = state.Payouts()
            .Where(payout => payout.PayoutDate >= from && payout.PayoutDate <= to)
            .Where(payout => currency.Length == 0 || string.Equals(payout.Currency, currency, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var api = Api(context);
        var page = payouts.Skip((int)Math.Min(offset, int.MaxValue)).Take(size).Select(payout => SettlementsBodies.From(payout, api)).ToList();
        return SimResponse.Json(StatusCodes.Status200OK, new SettlementsBodies.PayoutCollection(page, Pagination(context, "payouts", offset, size, page.Count, payouts.Count)));
    }

    private static SimResponse GetPayout(string paymentReference, HttpContext context, SimulatorState state) =>
        state.Payouts().FirstOrDefault(payout => string.Equals(payout.PaymentReference, paymentReference, StringComparison.OrdinalIgnoreCase)) is { } found
            ? SimResponse.Json(StatusCodes.Status200OK, SettlementsBodies.From(found, Api(context)))
            : SimResponse.Error(StatusCodes.Status404NotFound, "NOT_FOUND", $"Payout {paymentReference} cannot be found.");

    private static SimResponse GetTransactions(HttpContext context, SimulatorState state, SimulatorOptions options)
    {
        var query = context.Request.Query;
        if (Paging(query) is not ({ } size, { } offset, null))
        {
            return Paging(query).Error!;
        }

        var reference = query["payment_reference"].ToString();
        var orderId = query["order_id"].ToString();
        var scope = state.Payouts().Where(payout => reference.Length == 0 || string.Equals(payout.PaymentReference, reference, StringComparison.OrdinalIgnoreCase));
        var (total, rows) = SettlementPayouts.Transactions(scope, orderId.Length == 0 ? null : orderId, offset, size);
        var api = Api(context);
        var page = rows.Select(row => SettlementsBodies.From(row.Payout, row.Transaction, options.SettlementAmountSign, api)).ToList();
        return SimResponse.Json(StatusCodes.Status200OK, new SettlementsBodies.TransactionCollection(page, Pagination(context, "transactions", offset, size, page.Count, total)));
    }

    private static (int? Size, long? Offset, SimResponse? Error) Paging(IQueryCollection query)
    {
        var size = query["size"] is { Count: > 0 } sizeText ? Number(sizeText.ToString()) : 20;
        var offset = query["offset"] is { Count: > 0 } offsetText ? Number(offsetText.ToString()) : 0;
        return size is null or < 1 or > MaxSize ? (null, null, BadRequest($"size must be between 1 and {MaxSize}"))
            : offset is null or < 0 ? (null, null, BadRequest("offset must not be negative"))
            : ((int)size, offset, null);
    }

    // next/prev keep the request's filters, as Klarna's real next URL does (contract §7.6), and are absolute.
    private static SettlementsBodies.Pagination Pagination(HttpContext context, string path, long offset, int size, int count, long total)
    {
        var filters = string.Concat(context.Request.Query.Where(pair => pair.Key is not ("offset" or "size"))
            .Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value.ToString())}&"));
        string Link(long at) => string.Create(CultureInfo.InvariantCulture, $"{Api(context)}{path}?{filters}offset={at}&size={size}");
        return new SettlementsBodies.Pagination(count, total, offset, offset + count < total ? Link(offset + count) : null,
            offset > 0 ? Link(Math.Max(0, offset - size)) : null);
    }

    private static string Api(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host.Value}/settlements/v1/";

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    // "If no time is given then it defaults to the start of the day" (contract §1.4); no offset means UTC.
    private static DateTimeOffset? Date(Microsoft.Extensions.Primitives.StringValues text, DateTimeOffset absent) =>
        text.Count == 0 ? absent
        : DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
        : null;

    private static SimResponse BadRequest(string message) => SimResponse.Error(StatusCodes.Status400BadRequest, "BAD_VALUE", message);
}
