using System.Net;
using System.Text.Json;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Manifests;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary><c>POST /api/manifests</c> answers every file of the malformed corpus as <c>validate</c> does, never with a 500.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MalformedUploadTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Upload_MalformedCorpus_RejectedFilesAnswer422WithTheCauseAndOthersAreStagedWithTheirRowProblems()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("malformed_upload"));
        var client = Operator(web);
        var failures = new List<string>();

        foreach (var @case in MalformedCorpus.All)
        {
            using var response = await client.PostAsync(new Uri("/api/manifests", UriKind.Relative), File(@case.Name, MalformedCorpus.Bytes(@case)));
            var text = await response.Content.ReadAsStringAsync();
            var expected = @case.Rejected ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Created;
            var strings = response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json" ? Strings(JsonDocument.Parse(text).RootElement) : [];
            var named = @case.ExitCode == 0 || strings.Any(value => value.Contains(Fragment(@case), StringComparison.Ordinal));
            if (response.StatusCode != expected || !named || text.Contains("Exception", StringComparison.Ordinal))
            {
                failures.Add($"{@case.Name}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}");
            }
        }

        Assert.Empty(failures);
        Assert.Empty(await web.Simulator.LedgerAsync());
    }

    // The API lists a row's problems without the "line N:" that validate prints before them.
    private static string Fragment(MalformedCase @case) =>
        @case.Message.StartsWith("line ", StringComparison.Ordinal) && @case.Message.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0
            ? @case.Message[(colon + 2)..]
            : @case.Message;

    private static List<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => [.. element.EnumerateArray().SelectMany(Strings)],
        JsonValueKind.Object => [.. element.EnumerateObject().SelectMany(property => Strings(property.Value))],
        _ => [],
    };
}
