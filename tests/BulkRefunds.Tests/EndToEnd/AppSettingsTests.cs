using System.Text.Json;
using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.EndToEnd;

/// <summary>The repository's appsettings.json is the file the host reads, and overrides win over it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AppSettingsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateWorker_RepositoryAppSettings_IsTheConfigurationRead()
    {
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "appsettings.json")));
        var dispatch = file.RootElement.GetProperty("Dispatch");
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();

        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("settings"), simulator, folder.Path);

        var options = app.Services.GetRequiredService<IOptions<DispatchOptions>>().Value;
        Assert.Equal(dispatch.GetProperty("BatchSize").GetInt32(), options.BatchSize);
        Assert.Equal(dispatch.GetProperty("MaxAttempts").GetInt32(), options.MaxAttempts);
        Assert.Equal(file.RootElement.GetProperty("Klarna").GetProperty("TimeoutSeconds").GetInt32(),
            app.Services.GetRequiredService<IOptions<KlarnaOptions>>().Value.TimeoutSeconds);
        // TestApp overrides the rate; the override must win over the file's 50.
        Assert.Equal(500, app.Services.GetRequiredService<IOptions<KlarnaOptions>>().Value.Accounts["default"].RequestsPerSecond);
    }
}
