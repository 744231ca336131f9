using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary><c>bulkrefunds serve</c> with users, logging at Trace: sign-ins right and wrong never put a password or a hash in the output.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ServeProcessLogTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Serve_SignInsAtTraceLogging_NeverPrintPasswordsOrHashes()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var users = TestUsers.Settings();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__BulkRefunds"] = await postgres.CreateDatabaseAsync("serve_logs"),
            ["Klarna__Accounts__default__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna__Accounts__default__Username"] = Simulator.Username,
            ["Klarna__Accounts__default__Password"] = Simulator.Password,
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__BulkRefunds"] = "Trace",
        };
        foreach (var (key, value) in users)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var output = new StringBuilder();
        using var process = Process.Start(CliProcess.StartInfo(folder.Path, environment, "serve", "--Serve:Urls=http://127.0.0.1:0"))
            ?? throw new InvalidOperationException("Could not start bulkrefunds.");
        try
        {
            using var http = new HttpClient { BaseAddress = await BaseAddressAsync(process, output) };
            var statuses = new List<HttpStatusCode>
            {
                await StatusAsync(http, TestUsers.Operator, "not the password"),
                await StatusAsync(http, TestUsers.Operator, TestUsers.OperatorPassword),
                await StatusAsync(http, TestUsers.Viewer, TestUsers.ViewerPassword),
            };

            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var log = output.ToString();
        Assert.Contains("Serving the dashboard", log, StringComparison.Ordinal);
        Assert.Contains("Basic authentication refused", log, StringComparison.Ordinal); // the log is live, and still holds no secret
        Assert.DoesNotContain(TestUsers.OperatorPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUsers.ViewerPassword, log, StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", log, StringComparison.Ordinal);
        Assert.All(users.Where(pair => pair.Key.EndsWith("PasswordHash", StringComparison.Ordinal)),
            pair => Assert.DoesNotContain(pair.Value!, log, StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string userName, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<Uri> BaseAddressAsync(Process process, StringBuilder output)
    {
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data is { } text && ServingAt().Match(text) is { Success: true } match)
            {
                serving.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return await serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex(@"Serving the dashboard at (?<url>http://127\.0\.0\.1:\d+)/hangfire")]
    private static partial Regex ServingAt();
}
