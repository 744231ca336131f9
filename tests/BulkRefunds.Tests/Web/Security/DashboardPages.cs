using System.Net;
using System.Text.RegularExpressions;
using BulkRefunds.Dispatch;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>What the dashboard's own JavaScript does: read the antiforgery token from a page, then post a command with it.</summary>
internal static partial class DashboardPages
{
    public static async Task<HttpResponseMessage> TriggerRecoverySweepAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/hangfire/recurring");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", RecoverySweepJob.RecurringJobId)]),
        };
        var token = AntiforgeryToken().Match(page);
        if (token.Success)
        {
            request.Headers.Add(WebUtility.HtmlDecode(token.Groups["header"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value));
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"(?<header>[^\"]+)\">\\s*<meta name=\"csrf-token\" content=\"(?<token>[^\"]+)\">")]
    private static partial Regex AntiforgeryToken();
}
