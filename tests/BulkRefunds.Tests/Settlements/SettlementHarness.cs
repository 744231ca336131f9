using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Reports;
using BulkRefunds.Settlements;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BulkRefunds.Tests.Settlements;

/// <summary>
/// A manifest really refunded through the simulator (two EUR refunds, one SEK, one GBP), and Klarna's settlements
/// written through the settlements room's own batch writer, as ingest writes them (the HTTP client is tested apart).
/// </summary>
internal sealed class SettlementHarness : IAsyncDisposable
{
    public const string Manifest = """
        order_id,currency,amount,reference
        7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,95.00,RMA-1001
        1d3491c3-2408-5f51-9f6c-8562933ee292,SEK,1249.50,RMA-1002
        012ebbc5-8abe-5ae8-ad93-d5c5ea6e471c,GBP,20.00,RMA-1003
        5b43446e-cdf6-52b9-a460-879083dc8b99,EUR,12.99,RMA-1004

        """;

    private readonly Simulator simulator;
    private readonly TempFolder folder;

    private SettlementHarness(Simulator simulator, TempFolder folder, AppHost app, string connectionString, IReadOnlyList<RefundRow> rows)
    {
        (this.simulator, this.folder, App, ConnectionString, Rows) = (simulator, folder, app, connectionString, rows);
    }

    public AppHost App { get; }

    /// <summary>Klarna's side: its settlement controls (withhold, foreign returns) and fault injection.</summary>
    public Simulator Simulator => simulator;

    public string ConnectionString { get; }

    public IReadOnlyList<RefundRow> Rows { get; }

    public Guid ManifestId => Rows[0].ManifestId;

    /// <summary>When the last refund completed: the clock of a report is set from it.</summary>
    public DateTimeOffset RefundedAt => Rows.Max(row => row.CompletedAt);

    public static async Task<SettlementHarness> StartAsync(PostgresFixture postgres, string purpose)
    {
        var simulator = await Simulator.StartAsync();
        var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", Manifest), "test", default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = (await connection.QueryAsync<(Guid, int, string, string, long, string, string, DateTime)>("""
            SELECT manifest_id, line_number, order_id, refund_id, amount_minor, currency, request_body::jsonb ->> 'reference', completed_at
            FROM bulkrefunds.manifest_row WHERE state = 'succeeded' ORDER BY line_number
            """)).Select(row => new RefundRow(row.Item1, row.Item2, row.Item3, row.Item4, row.Item5, row.Item6, row.Item7,
                new DateTimeOffset(DateTime.SpecifyKind(row.Item8, DateTimeKind.Utc)))).ToList();
        Assert.Equal(4, rows.Count);
        return new SettlementHarness(simulator, folder, app, connectionString, rows);
    }

    public RefundRow Row(int index) => Rows[index];

    public static KlarnaPayout Payout(string paymentReference, DateTimeOffset payoutDate, string currency) =>
        new(paymentReference, payoutDate, currency, "NET", "K123456", new KlarnaPayoutTotals(0, 0, 0, 0, 0));

    /// <summary>A merchant RETURN of the row, as the contract describes it; each field can be bent by the test.</summary>
    public static KlarnaSettlementTransaction Return(RefundRow row, long? amount = null, string? refundId = "=", string? reference = "=",
        string type = "RETURN", string? detailedType = "PURCHASE_RETURN", string? orderId = null) =>
        new(type, detailedType, amount ?? row.AmountMinor, row.Currency, orderId ?? row.OrderId, refundId == "=" ? row.RefundId : refundId,
            reference == "=" ? row.SentReference : reference, null, row.CompletedAt, row.CompletedAt.AddMinutes(1), "short");

    /// <summary>Writes a payout the way ingest does: its lines numbered and batched, then the payout itself.</summary>
    public async Task<int> IngestAsync(KlarnaPayout payout, params KlarnaSettlementTransaction[] transactions)
    {
        var store = App.Services.GetRequiredService<SettlementStore>();
        var numbering = new LineNumbering();
        var written = await store.WriteLinesAsync("default", payout.PaymentReference, [.. transactions.Select(numbering.Next)], default);
        await store.WritePayoutAsync("default", payout, payout.PayoutDate, default);
        return written;
    }

    public Task<MatchResult> MatchAsync() => App.Services.GetRequiredService<SettlementMatchStore>().MatchAsync("default", default);

    /// <summary>Writes the settlement report as of <paramref name="clock"/> with the given overdue threshold.</summary>
    public Task<(string Path, SettlementSummary Summary)> ReportAsync(DateTimeOffset clock, decimal overdueAfterDays = 14) =>
        Run(clock, overdueAfterDays).WriteReportAsync(["default"], default);

    public SettlementRun Run(DateTimeOffset clock, decimal overdueAfterDays = 14) => new(
        App.Services.GetRequiredService<SettlementIngest>(), App.Services.GetRequiredService<SettlementStore>(), App.Services.GetRequiredService<SettlementMatchStore>(),
        App.Services.GetRequiredService<SettlementReportStore>(), Options.Create(new SettlementOptions { OverdueAfterDays = overdueAfterDays }),
        App.Services.GetRequiredService<IOptions<ReportOptions>>(), new FakeTimeProvider(clock));

    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM bulkrefunds.{table}");
    }

    public async Task<List<Dictionary<string, string>>> ManifestReportAsync() =>
        ReportFile.Read(await App.Services.GetRequiredService<ReportService>().WriteAsync(ManifestId, null, default));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await simulator.DisposeAsync();
        folder.Dispose();
    }
}
