using System.Text.Json;
using BulkRefunds.Host;
using BulkRefunds.Notifications;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace BulkRefunds.Tests.Notifications;

/// <summary>Events raised where their acts happen, delivered by the real Hangfire server to receivers on loopback.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationEventsTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_MixedManifestOnSimulator_ManifestCompletedCarriesRowsPerStatusAmountsAndReport()
    {
        await using var receiver = await WebhookReceiver.StartAsync([200]);
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("notify-completed"), simulator, folder.Path,
            new Dictionary<string, string?>
            {
                ["Notifications:Webhooks:ops:Url"] = receiver.Url,
                ["Notifications:Webhooks:ops:Secret"] = "completed-secret",
                ["Notifications:BaseUrl"] = "https://refunds.example.test",
            });
        await simulator.AddOrderAsync("b0000000-0000-4000-8000-000000000001", "EUR", "DE", captured: 5000);
        await simulator.AddOrderAsync("b0000000-0000-4000-8000-000000000002", "SEK", "SE", captured: 1000);
        var manifest = folder.File("notify.csv", """
            order_id,currency,amount,reference,description
            b0000000-0000-4000-8000-000000000001,EUR,50.00,RMA-1,whole order
            b0000000-0000-4000-8000-000000000001,EUR,12.345,RMA-2,three decimals
            b0000000-0000-4000-8000-0000000000ff,EUR,10.00,RMA-3,unknown order
            b0000000-0000-4000-8000-000000000002,SEK,7.50,RMA-4,part of the order
            """);

        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", CancellationToken.None);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        }

        var webhook = await receiver.WaitForAsync(NotificationType.ManifestCompleted, Wait);
        var body = webhook.Json.RootElement;
        var data = body.GetProperty("data");
        Assert.Equal(import.Manifest.ManifestId.ToString("D"), body.GetProperty("manifest_id").GetString());
        Assert.Equal(4, data.GetProperty("rows").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["failed"] = 1, ["invalid"] = 1, ["succeeded"] = 2 },
            data.GetProperty("rows_by_status").Deserialize<Dictionary<string, int>>());
        var currencies = data.GetProperty("currencies").EnumerateArray().ToDictionary(c => c.GetProperty("currency").GetString()!);
        Assert.Equal((6000L, 5000L, 1000L), Minor(currencies["EUR"]));
        Assert.Equal((750L, 750L, 0L), Minor(currencies["SEK"]));
        Assert.Equal("50.00", currencies["EUR"].GetProperty("refunded").GetString());
        var reportPath = data.GetProperty("report_path").GetString()!;
        Assert.Equal(Path.Combine(folder.Path, ReportService.DefaultFileName(import.Manifest)), reportPath);
        Assert.True(File.Exists(reportPath));
        Assert.Equal($"https://refunds.example.test/api/manifests/{import.Manifest.ManifestId:D}/report", data.GetProperty("report_link").GetString());
        Assert.Single(receiver.Received, received => received.Json.RootElement.GetProperty("type").GetString() == NotificationType.ManifestCompleted);
    }

    [Fact]
    public async Task Import_AwaitingApprovalWithFailingWebhook_EmailIsStillDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync([500]);
        // netDumbster listens on a random port of every interface (its address setting is internal); we send to 127.0.0.1 only.
        using var smtp = SimpleSmtpServer.Start();
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("notify-email");
        await using var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:ops:Url"] = receiver.Url,
            ["Notifications:Webhooks:ops:Secret"] = "failing-secret",
            ["Notifications:Email:Host"] = "127.0.0.1",
            ["Notifications:Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:Security"] = "None",
            ["Notifications:Email:From"] = "bulkrefunds@example.test",
            ["Notifications:Email:To:0"] = "finance@example.test",
            ["Notifications:Email:To:1"] = "oncall@example.test",
        });
        var manifest = folder.File("approve-me.csv", """
            order_id,currency,amount,reference,description
            c0000000-0000-4000-8000-000000000001,EUR,10.00,RMA-1,one row
            """);

        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test",
            new ImportOptions(RequireApproval: true, ApprovalsRequired: 2), CancellationToken.None);
        var mail = await WaitForMailAsync(smtp);

        Assert.Contains("manifest.awaiting_approval", mail.Headers["Subject"], StringComparison.Ordinal);
        Assert.Contains("approve-me.csv", mail.Headers["Subject"], StringComparison.Ordinal);
        var text = mail.MessageParts[0].BodyData;
        Assert.Contains(import.Manifest.ManifestId.ToString("D"), text, StringComparison.Ordinal);
        Assert.Equal(2, mail.ToAddresses.Length);
        var webhook = await receiver.WaitForAsync(NotificationType.ManifestAwaitingApproval, Wait);
        var eventId = Guid.Parse(webhook.Json.RootElement.GetProperty("id").GetString()!);
        Assert.Equal(eventId.ToString("D"), mail.Headers["BulkRefunds-Event-Id"]);
        Assert.Equal(2, webhook.Json.RootElement.GetProperty("data").GetProperty("approvals_required").GetInt32());
        // The mail is in the receiver's hands a moment before the job marks it delivered.
        Assert.Equal("delivered", await WaitForStateAsync(connectionString, eventId, "email", "delivered"));
        Assert.Equal("pending", (await NotificationDeliveryTests.DeliveryAsync(connectionString, eventId, "webhook:ops")).State);
    }

    private static (long Requested, long Refunded, long NotRefunded) Minor(JsonElement currency) =>
        (currency.GetProperty("requested_minor").GetInt64(), currency.GetProperty("refunded_minor").GetInt64(),
            currency.GetProperty("not_refunded_minor").GetInt64());

    private static async Task<string> WaitForStateAsync(string connectionString, Guid eventId, string target, string state)
    {
        using var cancel = new CancellationTokenSource(Wait);
        while (true)
        {
            var delivery = await NotificationDeliveryTests.DeliveryAsync(connectionString, eventId, target);
            if (delivery.State == state || cancel.IsCancellationRequested)
            {
                return delivery.State;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<SmtpMessage> WaitForMailAsync(SimpleSmtpServer smtp)
    {
        using var cancel = new CancellationTokenSource(Wait);
        while (smtp.ReceivedEmailCount == 0)
        {
            await Task.Delay(100, cancel.Token);
        }

        return smtp.ReceivedEmail[0];
    }
}
