using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Issue 11, scenario 3: no guessing "not applied". A 5xx or a gateway page may come after Klarna applied the refund, so
/// when the attempts run out the row is settled by GET order — never reported failed on a guess.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayErrorTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> ThreeQuickAttempts = new()
    {
        ["Dispatch:MaxAttempts"] = "3",
        ["Dispatch:FirstRetryDelayMilliseconds"] = "50",
        ["Dispatch:MaxRetryDelaySeconds"] = "1",
    };

    [Fact]
    public async Task RunToCompletion_RefundAppliedThen504PageOnEveryTry_SucceedsWithItsRefundIdAndAReuploadIsNotRefundedAgain()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "05040000-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 5000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.GatewayTimeoutAfterApply, Times: 3) { Operation = FaultOperation.Refund });
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("gateway_504"), simulator, folder.Path, ThreeQuickAttempts);

        var first = Assert.Single(await RunAsync(app, folder.File("returns.csv", $"order_id,currency,amount,reference\n{orderId},EUR,10.00,RMA-504\n")));
        var again = Assert.Single(await RunAsync(app, folder.File("returns-again.csv", $"reference,order_id,currency,amount\nRMA-504,{orderId},EUR,10.00\n")));

        Assert.Equal(3, simulator.Server.State.Faults.InjectedCounts().GetValueOrDefault(FaultKind.GatewayTimeoutAfterApply));
        var applied = Assert.Single(await simulator.LedgerAsync());
        Assert.Equal(("succeeded", applied.RefundId, applied.IdempotencyKey), (first["status"], first["refund_id"], first["idempotency_key"]));
        Assert.Contains("Proven applied by GET order", first["error_message"], StringComparison.Ordinal);
        Assert.Equal("duplicate", again["status"]);
    }

    [Fact]
    public async Task RunToCompletion_503OnEveryTryWithoutApplying_IsFailedRetryableAsProvenNotAppliedAndARetryRefundsOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "05030000-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 5000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.Error503, Times: 3) { Operation = FaultOperation.Refund });
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("gateway_503"), simulator, folder.Path, ThreeQuickAttempts);
        var manifest = folder.File("returns.csv", $"order_id,currency,amount,reference\n{orderId},EUR,10.00,RMA-503\n");

        var line = Assert.Single(await RunAsync(app, manifest));
        var ledgerBeforeRetry = await simulator.LedgerAsync();

        Assert.Empty(ledgerBeforeRetry);
        Assert.Equal(("failed", "PROVEN_NOT_APPLIED", "503"), (line["status"], line["error_code"], line["http_status"]));
        Assert.Contains("Proven not applied by GET order", line["error_message"], StringComparison.Ordinal);
        Assert.Contains("Safe to retry or re-upload", line["error_message"], StringComparison.Ordinal);
        // Failed and retryable: Retry resends it with the same key, and Klarna applies it once.
        var manifestId = Guid.Parse(line["manifest_id"]);
        Assert.Contains("1 row(s)", (await app.Services.GetRequiredService<OperatorActions>().RetryFailedAsync(manifestId, "bob", default)).Message, StringComparison.Ordinal);
        await RunToCompletionAsync(app, manifestId);
        Assert.Equal(line["idempotency_key"], Assert.Single(await simulator.LedgerAsync()).IdempotencyKey);
    }

    [Fact]
    public async Task RunToCompletion_429OnEveryTryOfAFirstClaim_IsFailedRetryableAsRefusedByKlarna()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "04290000-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 5000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.RateLimited, Times: 3) { RetryAfterSeconds = 0, Operation = FaultOperation.Refund });
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("gateway_429"), simulator, folder.Path, ThreeQuickAttempts);

        var line = Assert.Single(await RunAsync(app, folder.File("returns.csv", $"order_id,currency,amount,reference\n{orderId},EUR,10.00,RMA-429\n")));

        Assert.Empty(await simulator.LedgerAsync());
        Assert.Equal(("failed", "TOO_MANY_REQUESTS", "429"), (line["status"], line["error_code"], line["http_status"]));
        Assert.StartsWith("Not applied: Klarna refused to process it on every attempt", line["error_message"], StringComparison.Ordinal);
    }

    private static async Task<List<Dictionary<string, string>>> RunAsync(AppHost app, string manifest)
    {
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", CancellationToken.None);
        await RunToCompletionAsync(app, import.Manifest.ManifestId);
        return ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, CancellationToken.None));
    }

    private static async Task RunToCompletionAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
