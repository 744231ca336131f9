using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web;

/// <summary>
/// The API follows the conventions scripts and tools expect: every error answer is RFC 9457 problem details with the
/// <c>error</c> member kept, and every endpoint of the API is in the OpenAPI document.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ApiConventionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Refusals_AnonymousWrongPasswordViewerChangingUnknownManifest_AreProblemDetailsWithAnError()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_problems"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        using var anonymous = await web.Client().GetAsync(new Uri("/api/manifests", UriKind.Relative));
        using var wrongPassword = await web.Client(Web.Security.TestUsers.Viewer, "not the password").GetAsync(new Uri("/api/manifests", UriKind.Relative));
        using var viewerApproves = await PostAsync(Viewer(web), $"/api/manifests/{manifestId}/approve");
        using var unknown = await Viewer(web).GetAsync(new Uri($"/api/manifests/{Guid.NewGuid()}", UriKind.Relative));

        foreach (var (response, status) in new[] { (anonymous, 401), (wrongPassword, 401), (viewerApproves, 403), (unknown, 404) })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await JsonAsync(response);
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
            Assert.NotEmpty(problem.GetProperty("title").GetString()!);
            Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
            Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("No manifest has this id.", (await JsonAsync(unknown)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_ForAViewer_DescribesEveryMappedEndpointOfTheApi()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_openapi"));

        using var anonymous = await web.Client().GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var response = await Viewer(web).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var mapped = web.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} {Constraint().Replace(endpoint.RoutePattern.RawText!, "{$1}").TrimEnd('/')}"))
            .ToList();
        var apiEndpoints = web.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Count(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(mapped, endpoint => Assert.Contains(endpoint, described));
        Assert.Equal(apiEndpoints, mapped.Count(endpoint => endpoint.Contains(" /api/", StringComparison.Ordinal)));
        Assert.Contains("GET /health", described);
        Assert.Contains("POST /api/manifests/{id}/approve", described);
        var approve = document.RootElement.GetProperty("paths").GetProperty("/api/manifests/{id}/approve").GetProperty("post").GetProperty("responses");
        Assert.True(approve.TryGetProperty("202", out _));
        Assert.True(approve.TryGetProperty("409", out _));
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
