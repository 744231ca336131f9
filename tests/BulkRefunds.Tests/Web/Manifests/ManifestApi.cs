using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>What a script does with the manifests API: post a file as a form, read JSON, wait for a status.</summary>
internal static class ManifestApi
{
    /// <summary>A second operator, so a manifest can be approved under the four-eyes rule.</summary>
    public const string SecondOperator = "olga";
    public const string SecondOperatorPassword = "second operator pass phrase";

    private static readonly string SecondOperatorHash = PasswordHashes.Hash(SecondOperatorPassword);

    public static Task<WebTestApp> StartAsync(string connectionString, params (string Key, string? Value)[] extra) =>
        WebTestApp.StartAsync(connectionString, TestUsers.Settings([
            ($"Security:Users:{SecondOperator}:PasswordHash", SecondOperatorHash),
            ($"Security:Users:{SecondOperator}:Roles", Roles.Operator),
            ("Dispatch:FirstRetryDelayMilliseconds", "50"),
            .. extra]));

    public static HttpClient Operator(WebTestApp web) => web.Client(TestUsers.Operator, TestUsers.OperatorPassword);

    public static HttpClient SecondOperatorClient(WebTestApp web) => web.Client(SecondOperator, SecondOperatorPassword);

    public static HttpClient Viewer(WebTestApp web) => web.Client(TestUsers.Viewer, TestUsers.ViewerPassword);

    public static MultipartFormDataContent File(string fileName, string csv) => File(fileName, Encoding.UTF8.GetBytes(csv));

    public static MultipartFormDataContent File(string fileName, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<Guid> UploadAsync(HttpClient client, string fileName, string csv)
    {
        using var response = await client.PostAsync(new Uri("/api/manifests", UriKind.Relative), File(fileName, csv));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("manifestId").GetGuid();
    }

    public static async Task<JsonElement> StatusAsync(HttpClient client, Guid manifestId)
    {
        using var response = await client.GetAsync(new Uri($"/api/manifests/{manifestId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response);
    }

    /// <summary>Polls <c>GET /api/manifests/{id}</c> as the Manifests page does, until the manifest has the status.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid manifestId, string status)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var current = await StatusAsync(client, manifestId);
            if (current.GetProperty("status").GetString() == status)
            {
                return current;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path) =>
        client.PostAsync(new Uri(path, UriKind.Relative), content: null);
}
