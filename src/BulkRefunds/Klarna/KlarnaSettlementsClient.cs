using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BulkRefunds.Telemetry;
using static BulkRefunds.Klarna.KlarnaSettlementsWire;

namespace BulkRefunds.Klarna;

/// <summary>
/// Klarna's Settlements API v1 for one merchant account (settlements-contract.md), on the account's Order Management
/// HttpClient (credentials, host) and rate budget: Klarna counts these GETs under "Other operations" with OM (§1.3).
/// Lists are streamed a page of 500 at a time; only one page is ever held. Pages are asked for by offset on the
/// configured host, never by following <c>next</c> (docs/klarna.md "Settlements").
/// </summary>
public sealed class KlarnaSettlementsClient(HttpClient http, RateBudget rateBudget, string account, TimeSpan attemptTimeout,
    BulkRefundsTelemetry telemetry, TimeProvider timeProvider, SettlementsRetry? retry = null)
{
    /// <summary>Klarna's maximum page size (§1.4).</summary>
    public const int PageSize = 500;

    private readonly SettlementsRetry retry = retry ?? SettlementsRetry.Default;
    private long requestsSent;

    public string Account => account;

    /// <summary>Requests sent so far, retries included (for the benchmark's requests/s against the budget).</summary>
    public long RequestsSent => Interlocked.Read(ref requestsSent);

    /// <summary>Every payout whose payout_date lies in [from, to] (UTC), following pagination to the end.</summary>
    public IAsyncEnumerable<KlarnaPayout> GetPayoutsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ListAsync<PayoutCollection, KlarnaPayout>("get_payouts", $"settlements/v1/payouts?start_date={Date(from)}&end_date={Date(to)}",
            page => (page.Payouts?.Select(payout => ToPayout(payout) ?? throw Incomplete("get_payouts", "payout")), page.Pagination),
            cancellationToken);

    /// <summary>Every transaction of one payout, following pagination to the end.</summary>
    public IAsyncEnumerable<KlarnaSettlementTransaction> GetTransactionsAsync(string paymentReference, CancellationToken cancellationToken) =>
        Transactions($"payment_reference={Uri.EscapeDataString(paymentReference)}", cancellationToken);

    /// <summary>Every settlement transaction of one order, across payouts (§5.5 access path 2).</summary>
    public IAsyncEnumerable<KlarnaSettlementTransaction> GetTransactionsByOrderAsync(string orderId, CancellationToken cancellationToken) =>
        Transactions($"order_id={Uri.EscapeDataString(orderId)}", cancellationToken);

    /// <summary>One payout, or null when Klarna answers 404 for its reference.</summary>
    public async Task<KlarnaPayout?> GetPayoutAsync(string paymentReference, CancellationToken cancellationToken)
    {
        var segment = paymentReference is "" or "." or ".." ? throw new ArgumentException("Not a payment reference.", nameof(paymentReference))
            : Uri.EscapeDataString(paymentReference);
        var (payout, notFound) = await GetAsync<Payout>("get_payout", $"settlements/v1/payouts/{segment}", allowNotFound: true, cancellationToken);
        return notFound ? null : ToPayout(payout!) ?? throw Incomplete("get_payout", "payout");
    }

    private IAsyncEnumerable<KlarnaSettlementTransaction> Transactions(string filter, CancellationToken cancellationToken) =>
        ListAsync<TransactionCollection, KlarnaSettlementTransaction>("get_transactions", $"settlements/v1/transactions?{filter}",
            page => (page.Transactions?.Select(row => ToTransaction(row) ?? throw Incomplete("get_transactions", "transaction")), page.Pagination),
            cancellationToken);

    // Stops on whichever comes first: no next, an empty page, or offset + count ≥ total (total is optional, §3).
    private async IAsyncEnumerable<T> ListAsync<TPage, T>(string operation, string query, Func<TPage, (IEnumerable<T>? Items, Pagination? Pagination)> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : class
    {
        for (long offset = 0; ;)
        {
            var (page, _) = await GetAsync<TPage>(operation, string.Create(CultureInfo.InvariantCulture, $"{query}&size={PageSize}&offset={offset}"),
                allowNotFound: false, cancellationToken);
            var (items, pagination) = read(page!);
            long count = 0;
            foreach (var item in items ?? [])
            {
                count++;
                yield return item;
            }

            if (count == 0 || pagination?.Next is null || (pagination.Total is { } total && offset + count >= total))
            {
                yield break;
            }

            offset += count;
        }
    }

    // GETs apply nothing, so 5xx, timeouts and broken connections are simply asked again (with backoff), a bounded
    // number of times; a 429 paused the account's budget for its Retry-After, which the next slot waits out.
    private async Task<(T? Body, bool NotFound)> GetAsync<T>(string operation, string path, bool allowNotFound, CancellationToken cancellationToken)
        where T : class
    {
        var (failures, rateLimited) = (0, 0);
        while (true)
        {
            var (body, failure) = await SendOnceAsync<T>(operation, path, cancellationToken);
            if (body is not null)
            {
                return (body, false);
            }

            if (failure!.HttpStatus == (int)HttpStatusCode.NotFound && allowNotFound)
            {
                return (null, true);
            }

            var limited = failure.HttpStatus == (int)HttpStatusCode.TooManyRequests;
            var attempts = limited ? ++rateLimited : ++failures;
            if (failure.Class != FailureClass.Retryable || attempts >= (limited ? retry.MaxRateLimitedAttempts : retry.MaxAttempts))
            {
                throw Failed(operation, failure, failure.Class == FailureClass.Retryable ? attempts : null);
            }

            if (!limited)
            {
                await Task.Delay(retry.Backoff(attempts), timeProvider, cancellationToken);
            }
        }
    }

    private async Task<(T? Body, KlarnaFailure? Failure)> SendOnceAsync<T>(string operation, string path, CancellationToken cancellationToken)
        where T : class
    {
        var waitStarted = Stopwatch.GetTimestamp();
        await rateBudget.AcquireAsync(cancellationToken);
        telemetry.RateBudgetWaited(account, Stopwatch.GetElapsedTime(waitStarted));
        Interlocked.Increment(ref requestsSent);
        var sent = Stopwatch.GetTimestamp();
        var (body, failure) = await ExchangeAsync<T>(path, cancellationToken);
        telemetry.KlarnaRequest(account, operation, body is not null ? 200 : failure!.HttpStatus, Stopwatch.GetElapsedTime(sent));
        return (body, failure);
    }

    private async Task<(T? Body, KlarnaFailure? Failure)> ExchangeAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", KlarnaClient.UserAgent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await rateBudget.HeedAsync(response, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // The one status switch (401 page, 429, 5xx, JSON ErrorResponse) is the OM decoder's; a GET is never in doubt.
                return (null, await KlarnaResponseDecoder.DecodeAsync(response, account, timeout.Token) as KlarnaFailure is { Class: not FailureClass.InDoubt } failure
                    ? failure
                    : new KlarnaFailure(FailureClass.Final, (int)response.StatusCode, new KlarnaError("UNEXPECTED_STATUS",
                        [$"Klarna answered HTTP {(int)response.StatusCode}, which the Settlements contract does not describe."], null), null));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var body = await JsonSerializer.DeserializeAsync<T>(stream, KlarnaJson.Options, timeout.Token);
            return body is not null ? (body, null) : (null, Unreadable);
        }
        catch (JsonException)
        {
            return (null, Unreadable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Retryable(null, "NO_RESPONSE", $"No answer from Klarna within {attemptTimeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException exception)
        {
            return (null, Retryable(null, "CONNECTION_FAILED", $"The connection to Klarna failed ({exception.HttpRequestError})."));
        }
    }

    // A 200 we cannot read is Klarna's problem or a proxy's; asking again is safe for a GET.
    private static KlarnaFailure Unreadable => Retryable(200, "UNREADABLE_RESPONSE", "Klarna answered 200 with a body that is not the expected JSON.");

    private static KlarnaFailure Retryable(int? status, string code, string message) =>
        new(FailureClass.Retryable, status, new KlarnaError(code, [message], null), null);

    private KlarnaSettlementsException Failed(string operation, KlarnaFailure failure, int? attempts)
    {
        var status = failure.HttpStatus is { } code ? string.Create(CultureInfo.InvariantCulture, $"HTTP {code}, ") : "";
        var gaveUp = attempts is { } count ? string.Create(CultureInfo.InvariantCulture, $" (gave up after {count} attempts)") : "";
        return new KlarnaSettlementsException(
            $"Klarna Settlements {operation} for account '{account}' failed{gaveUp}: {status}{failure.Error.ErrorCode}: {failure.Error.Message}",
            failure.HttpStatus, failure.Error.ErrorCode, failure.Error.CorrelationId);
    }

    private KlarnaSettlementsException Incomplete(string operation, string what) => new(
        $"Klarna Settlements {operation} for account '{account}' returned a {what} without its required fields; nothing after it was read.",
        200, "INCOMPLETE_RESPONSE", null);

    private static string Date(DateTimeOffset value) =>
        Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
