using BulkRefunds.Klarna;
using BulkRefunds.Telemetry;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.Klarna;

/// <summary>The production <see cref="KlarnaAccounts"/> with one account, "default", pointed at a test server.</summary>
internal static class KlarnaTestAccounts
{
    public const string Account = "default";

    /// <summary>Instruments for clients built without a host: recorded into, nobody listening.</summary>
    public static BulkRefundsTelemetry Telemetry { get; } =
        new ServiceCollection().AddBulkRefundsTelemetry().BuildServiceProvider().GetRequiredService<BulkRefundsTelemetry>();

    public static KlarnaAccounts Create(
        Uri baseAddress,
        string username = Simulator.Username,
        string password = Simulator.Password,
        int timeoutSeconds = 5,
        int requestsPerSecond = 1000) =>
        new(Options.Create(new KlarnaOptions
        {
            TimeoutSeconds = timeoutSeconds,
            Accounts =
            {
                [Account] = new KlarnaAccountOptions
                {
                    BaseUrl = baseAddress.ToString(),
                    Username = username,
                    Password = password,
                    RequestsPerSecond = requestsPerSecond,
                },
            },
        }), Telemetry);

    /// <summary>The exact JSON text a staged row would hold.</summary>
    public static string RefundJson(long amount, string? reference = null, string? description = null) =>
        KlarnaJson.Serialize(new RefundRequest(amount, reference, description));
}
