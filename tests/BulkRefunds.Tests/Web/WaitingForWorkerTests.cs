using System.Net;
using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web;

/// <summary>
/// A manifest imported for another Klarna endpoint than this server's: /health and the Manifests page say it waits for a
/// worker configured for its account, and /health stays 200 (this server is fine; restarting it would send nothing).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WaitingForWorkerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task HealthAndManifestsPage_ManifestImportedForAnotherEndpoint_SayItWaitsForAWorkerConfiguredForTheAccount()
    {
        var connectionString = await postgres.CreateDatabaseAsync("waiting_for_worker");
        await using var web = await StartAsync(connectionString);
        await using var importedFor = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(importedFor, 2);
        Guid manifestId;
        await using (var importer = await TestApp.CreateWorkerAsync(connectionString, importedFor, folder.Path))
        {
            var import = await importer.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", orders.Csv), "test", default);
            manifestId = import.Manifest.ManifestId;
        }

        using var health = await web.Client().GetAsync(new Uri("/health", UriKind.Relative));
        var html = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var waiting = Assert.Single(json.RootElement.GetProperty("waiting").EnumerateArray().ToList());
        var endpoint = KlarnaHosts.Endpoint(importedFor.BaseAddress.ToString());
        Assert.Equal((manifestId.ToString("D"), "default", endpoint),
            (waiting.GetProperty("manifestId").GetString(), waiting.GetProperty("account").GetString(), waiting.GetProperty("endpoint").GetString()));
        Assert.Equal($"waiting for a worker configured for account 'default' at {endpoint}", waiting.GetProperty("message").GetString());
        Assert.Contains($"waiting for a worker configured for account &#39;default&#39; at {endpoint}", html, StringComparison.Ordinal);
        Assert.Equal(2, await StagedRows.CountAsync(connectionString, RowState.Staged));
        Assert.Empty(await importedFor.LedgerAsync());
    }
}
