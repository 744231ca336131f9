using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>The simulator's /settlements/v1 answers on the wire: auth, size limits, the pagination object.</summary>
public sealed class SettlementsEndpointTests
{
    [Fact]
    public async Task GetPayouts_WithoutCredentials_AnswersTheGatewaysHtml401()
    {
        await using var sim = await Simulator.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };

        using var response = await http.GetAsync("settlements/v1/payouts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTransactions_SizeAbove500_Answers400WithErrorResponse()
    {
        await using var sim = await Simulator.StartAsync();
        using var http = Authorized(sim);

        using var response = await http.GetAsync("settlements/v1/transactions?size=501");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_VALUE", body.GetProperty("error_code").GetString());
        Assert.Equal(response.Headers.GetValues("Klarna-Correlation-Id").Single(), body.GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task GetTransactions_SecondPageOf1203_CarriesCountTotalOffsetAndAbsoluteLinksKeepingTheFilter()
    {
        await using var sim = await Simulator.StartAsync();
        using var http = Authorized(sim);
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        sim.Server.State.Settlements.Generate(1203, day, day, "EUR");
        var reference = $"SIM{day:yyyyMMdd}EUR";

        var page = await http.GetFromJsonAsync<JsonElement>($"settlements/v1/transactions?payment_reference={reference}&size=500&offset=500");

        var pagination = page.GetProperty("pagination");
        Assert.Equal((500, 1203, 500), (pagination.GetProperty("count").GetInt32(), pagination.GetProperty("total").GetInt32(), pagination.GetProperty("offset").GetInt32()));
        Assert.Equal($"{sim.BaseAddress}settlements/v1/transactions?payment_reference={reference}&offset=1000&size=500", pagination.GetProperty("next").GetString());
        Assert.Equal(500, page.GetProperty("transactions").GetArrayLength());
        Assert.Equal("", page.GetProperty("transactions")[0].GetProperty("capture_id").GetString());
    }

    private static HttpClient Authorized(Simulator sim)
    {
        var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Simulator.Username}:{Simulator.Password}")));
        return http;
    }
}
