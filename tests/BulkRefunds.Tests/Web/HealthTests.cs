using System.Net;
using System.Text.Json;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Npgsql;

namespace BulkRefunds.Tests.Web;

/// <summary>/health for load balancers: anonymous, JSON, 200 only when the database and a Hangfire server are alive.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Health_DatabaseAndServerUp_Is200HealthyWithoutSecrets()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("health"), TestUsers.Settings());
        var client = web.Client();

        var (status, body) = await HealthWhenServerAnnouncedAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("ok", json.RootElement.GetProperty("database").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("hangfireServers").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("waiting").GetArrayLength());
        Assert.Equal(4, json.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Health_DatabaseGone_Is503UnreachableWithoutTheExceptionText()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("health_gone"), TestUsers.Settings());
        var client = web.Client();
        await HealthWhenServerAnnouncedAsync(client);
        await DropDatabaseAsync(web.ConnectionString);

        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"status\":\"unhealthy\",\"database\":\"unreachable\",\"hangfireServers\":0}", body);
    }

    private async Task DropDatabaseAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(postgres.Cluster.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    // Hangfire announces its server on a background thread shortly after start.
    private static async Task<(HttpStatusCode Status, string Body)> HealthWhenServerAnnouncedAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK || attempt == 50)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(200);
        }
    }
}
