using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BulkRefunds.Host;
using BulkRefunds.Notifications;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BulkRefunds.Tests.Notifications;

/// <summary>Delivery of one event to a webhook on loopback, by the delivery job the way Hangfire runs it (no Hangfire server here).</summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationDeliveryTests(PostgresFixture postgres)
{
    private const string Secret = "test-webhook-secret-1234";
    private const string Target = "webhook:ops";

    [Fact]
    public async Task Deliver_Webhook_SignatureVerifiesWithTheSecretOverTheExactBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync([200]);
        await using var context = await StartAsync(receiver, "signature");
        var manifestId = Guid.CreateVersion7();

        var raised = await RaiseAsync(context.App, manifestId);
        await DeliverAsync(context.App, raised.EventId);

        var webhook = Assert.Single(receiver.Received);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), webhook.Body));
        Assert.Equal(expected, webhook.Headers["BulkRefunds-Signature"]);
        Assert.Equal(raised.EventId.ToString("D"), webhook.Headers["BulkRefunds-Event-Id"]);
        var body = webhook.Json.RootElement;
        Assert.Equal(("manifest.completed", raised.EventId.ToString("D"), manifestId.ToString("D")),
            (body.GetProperty("type").GetString(), body.GetProperty("id").GetString(), body.GetProperty("manifest_id").GetString()));
        Assert.Equal(3, body.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.True(DateTimeOffset.TryParse(body.GetProperty("occurred_at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal("delivered", (await DeliveryAsync(context.ConnectionString, raised.EventId)).State);
    }

    [Fact]
    public async Task Deliver_WebhookAnswers500Then200_DeliveredOnceAfterARetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync([500, 200]);
        await using var context = await StartAsync(receiver, "retry");
        var raised = await RaiseAsync(context.App, Guid.CreateVersion7());

        var first = await Assert.ThrowsAsync<NotificationDeliveryException>(() => DeliverAsync(context.App, raised.EventId));
        var afterFailure = await DeliveryAsync(context.ConnectionString, raised.EventId);
        await DeliverAsync(context.App, raised.EventId);
        await DeliverAsync(context.App, raised.EventId);

        Assert.Equal("Webhook 'ops' answered 500.", first.Message);
        Assert.Equal(("pending", "Webhook 'ops' answered 500."), (afterFailure.State, afterFailure.LastError));
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(receiver.Received[0].Body, receiver.Received[1].Body);
        var delivered = await DeliveryAsync(context.ConnectionString, raised.EventId);
        Assert.Equal(("delivered", 2), (delivered.State, delivered.Attempts));
    }

    [Fact]
    public async Task Deliver_SecondWorkerAndRerunAfterCrash_ReceiverGetsTheEventOnce()
    {
        // The receiver is slow, so the second worker arrives while the first is still sending.
        await using var receiver = await WebhookReceiver.StartAsync([200], TimeSpan.FromMilliseconds(700));
        await using var context = await StartAsync(receiver, "twice");
        var raised = await RaiseAsync(context.App, Guid.CreateVersion7());

        var workers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                await DeliverAsync(context.App, raised.EventId);
                return "sent";
            }
            catch (NotificationDeliveryException exception)
            {
                return exception.Message;
            }
        }));
        // Hangfire runs a job again when its worker died before the job's end was recorded: the delivery is marked by then.
        await DeliverAsync(context.App, raised.EventId);
        await DeliverAsync(context.App, raised.EventId);

        Assert.Equal([$"Notification {raised.EventId} to {Target} is being sent by another worker.", "sent"], workers.Order(StringComparer.Ordinal));
        Assert.Single(receiver.Received);
        Assert.Equal("delivered", (await DeliveryAsync(context.ConnectionString, raised.EventId)).State);
    }

    [Fact]
    public async Task Raise_SameDedupKeyTwice_OneEventAndOneDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync([200]);
        await using var context = await StartAsync(receiver, "dedup");
        var notifier = context.App.Services.GetRequiredService<Notifier>();
        var notification = new NotificationEvent(NotificationType.ReleaseRunCompleted, null, new JsonObject { ["rows"] = 0 }, "release_run.completed:x");

        var first = await notifier.RaiseAsync(notification, CancellationToken.None);
        var second = await notifier.RaiseAsync(notification, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        await using var connection = new NpgsqlConnection(context.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM bulkrefunds.notification_delivery"));
    }

    [Fact]
    public async Task Sweep_EventCommittedButNeverEnqueued_EnqueuesItsDeliveryOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync([200]);
        await using var context = await StartAsync(receiver, "sweep");
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var notifier = context.App.Services.GetRequiredService<Notifier>();
        await using var connection = new NpgsqlConnection(context.ConnectionString);
        await connection.OpenAsync();
        // The act committed its event; the process died before enqueueing the delivery job.
        var raised = await notifier.RaiseAsync(connection, null,
            new NotificationEvent(NotificationType.ManifestCompleted, Guid.CreateVersion7(), new JsonObject { ["rows"] = 1 }), CancellationToken.None);
        var jobs = Jobs(context.App);
        var before = jobs.EnqueuedCount("default");

        await Sweep(context.App, clock).RunAsync(CancellationToken.None);
        var withinGrace = jobs.EnqueuedCount("default");
        clock.Advance(TimeSpan.FromMinutes(2));
        await Sweep(context.App, clock).RunAsync(CancellationToken.None);
        var afterGrace = jobs.EnqueuedCount("default");
        await Sweep(context.App, clock).RunAsync(CancellationToken.None);

        Assert.NotNull(raised);
        Assert.Equal((before, before + 1, before + 1), (withinGrace, afterGrace, jobs.EnqueuedCount("default")));
        await DeliverAsync(context.App, raised.EventId);
        Assert.Single(receiver.Received);
    }

    private static NotificationSweepJob Sweep(AppHost app, TimeProvider clock) =>
        new(app.Services.GetRequiredService<NotificationStore>(), app.Services.GetRequiredService<Notifier>(), clock);

    private static Hangfire.Storage.IMonitoringApi Jobs(AppHost app) =>
        app.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();

    private static async Task<RaisedEvent> RaiseAsync(AppHost app, Guid manifestId) =>
        await app.Services.GetRequiredService<Notifier>().RaiseAsync(
            new NotificationEvent(NotificationType.ManifestCompleted, manifestId, new JsonObject { ["rows"] = 3 }), CancellationToken.None)
        ?? throw new InvalidOperationException("Not raised.");

    private static Task DeliverAsync(AppHost app, Guid eventId) =>
        ActivatorUtilities.CreateInstance<DeliverNotificationJob>(app.Services).RunAsync(eventId, Target, CancellationToken.None);

    internal static async Task<(string State, int Attempts, string? LastError)> DeliveryAsync(string connectionString, Guid eventId, string target = Target)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<(string, int, string?)>(
            "SELECT state, attempts, last_error FROM bulkrefunds.notification_delivery WHERE event_id = @EventId AND target = @Target",
            new { EventId = eventId, Target = target });
    }

    private async Task<TestContext> StartAsync(WebhookReceiver receiver, string purpose)
    {
        var connectionString = await postgres.CreateDatabaseAsync("notify-" + purpose);
        var simulator = await Simulator.StartAsync();
        var folder = new TempFolder();
        var app = await TestApp.CreateWorkerAsync(connectionString, simulator, folder.Path, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:ops:Url"] = receiver.Url,
            ["Notifications:Webhooks:ops:Secret"] = Secret,
            ["Notifications:TimeoutSeconds"] = "5",
        });
        return new TestContext(app, simulator, folder, connectionString);
    }

    private sealed record TestContext(AppHost App, Simulator Simulator, TempFolder Folder, string ConnectionString) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
            Folder.Dispose();
        }
    }
}
