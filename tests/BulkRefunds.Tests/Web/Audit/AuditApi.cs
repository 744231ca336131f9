using System.Globalization;
using System.Text.Json;
using BulkRefunds.Tests.Infrastructure;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Audit;

/// <summary>What the manifest page and an auditor do with the audit trail's endpoints.</summary>
internal static class AuditApi
{
    public static async Task<List<JsonElement>> TrailAsync(WebTestApp web, Guid manifestId, string query = "")
    {
        using var response = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/audit{query}", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return [.. (await JsonAsync(response)).EnumerateArray()];
    }

    /// <summary>(actor, act, detail) of each entry, oldest first.</summary>
    public static async Task<List<(string?, string?, string?)>> ActsAsync(WebTestApp web, Guid manifestId) =>
        [.. (await TrailAsync(web, manifestId)).Select(entry =>
            (entry.GetProperty("actor").GetString(), entry.GetProperty("act").GetString(), entry.GetProperty("detail").GetString()))];

    public static string Today => TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
