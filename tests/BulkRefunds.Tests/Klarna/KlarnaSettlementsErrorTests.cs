using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;
using static BulkRefunds.Tests.Klarna.SettlementsTestClients;

namespace BulkRefunds.Tests.Klarna;

/// <summary>401, 429, 5xx, 400 and 404 on the settlements endpoints, mostly from the simulator's fault injection.</summary>
public sealed class KlarnaSettlementsErrorTests
{
    private static readonly DateTimeOffset From = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset To = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetPayoutsAsync_WrongPassword_ThrowsNamingTheAccountAndItsCredentials()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress, password: "wrong");

        var error = await Assert.ThrowsAsync<KlarnaSettlementsException>(() =>
            AllAsync(accounts.Settlements(KlarnaTestAccounts.Account).GetPayoutsAsync(From, To, CancellationToken.None)));

        Assert.Equal(401, error.HttpStatus);
        Assert.Contains("rejected the credentials for account 'default'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("openresty", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTransactionsAsync_RateLimitedOnce_RetriesAfterRetryAfter()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-000000000429", 1000);
        await QueueFaultAsync(sim, new { kind = "rate_limited", operation = "get_transactions", retry_after_seconds = 1 });
        var clock = Stopwatch.StartNew();

        var rows = await AllAsync(client.GetTransactionsByOrderAsync("5e770000-0000-4000-8000-000000000429", CancellationToken.None));

        Assert.Single(rows);
        Assert.Equal(2, client.RequestsSent);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"The retry came after {clock.Elapsed}, before Retry-After's second.");
    }

    [Fact]
    public async Task GetPayoutsAsync_ServiceUnavailableOnce_RetriesAndReturnsThePayouts()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-000000000503", 1000);
        await QueueFaultAsync(sim, new { kind = "error_503", operation = "get_payouts" });

        var payouts = await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None));

        Assert.Equal(1000, Assert.Single(payouts).Totals.ReturnAmount);
        Assert.Equal(2, client.RequestsSent);
    }

    [Fact]
    public async Task GetPayoutsAsync_PersistentServerErrors_ThrowsAfterTheAttempts()
    {
        await using var sim = await Simulator.StartAsync();
        await QueueFaultAsync(sim, new { kind = "error_500", operation = "get_payouts", times = 5 });
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("test_merchant:test_secret"u8));
        var client = Create(http, Quick);

        var error = await Assert.ThrowsAsync<KlarnaSettlementsException>(() => AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None)));

        Assert.Equal((500, "INTERNAL_SERVER_ERROR"), (error.HttpStatus, error.ErrorCode));
        Assert.NotNull(error.CorrelationId);
        Assert.Contains("gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, client.RequestsSent);
    }

    [Fact]
    public async Task GetPayoutsAsync_BadRequest_ThrowsWithKlarnasErrorCodeAndCorrelationIdWithoutRetrying()
    {
        var handler = new ScriptedHandler((HttpStatusCode.BadRequest,
            """{ "error_code": "BAD_VALUE", "error_messages": ["start_date is invalid"], "correlation_id": "2fe0311b-adc5-45e5-ac2b-963dac83c88b" }"""));

        var error = await Assert.ThrowsAsync<KlarnaSettlementsException>(() => AllAsync(Create(handler).GetPayoutsAsync(From, To, CancellationToken.None)));

        Assert.Equal((400, "BAD_VALUE", "2fe0311b-adc5-45e5-ac2b-963dac83c88b"), (error.HttpStatus, error.ErrorCode, error.CorrelationId));
        Assert.Contains("start_date is invalid", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requested);
    }

    [Fact]
    public async Task GetPayoutAsync_UnknownPaymentReference_ReturnsNull()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);

        var payout = await accounts.Settlements(KlarnaTestAccounts.Account).GetPayoutAsync("NOPE", CancellationToken.None);

        Assert.Null(payout);
    }

    private static async Task QueueFaultAsync(Simulator sim, object fault)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var response = await http.PostAsJsonAsync("_sim/faults", fault);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
