using BulkRefunds.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Klarna;

/// <summary>Section <c>Klarna</c>: the accounts, their endpoints and rate budgets (shared through the database).</summary>
public static class KlarnaServiceCollectionExtensions
{
    public static IServiceCollection AddKlarna(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KlarnaOptions>().Bind(configuration.GetSection("Klarna"))
            .Validate(options => options.Accounts.Count > 0, "Configure at least one Klarna account (Klarna:Accounts:default).")
            .Validate(options => options.Accounts.Values.All(account => account.RequestsPerSecond > 0), "Klarna RequestsPerSecond must be positive.")
            .Validate(options => options.TimeoutSeconds > 0, "Klarna:TimeoutSeconds must be positive.")
            .Validate(options => options.SimulatorAddress is not null || !options.Accounts.Values.Any(KlarnaAccounts.IsSimulator),
                "A Klarna account's BaseUrl is 'simulator', but this process started no simulator (it runs only with the embedded database).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KlarnaOptions>, KlarnaOptionsValidator>();
        return services.AddSingleton<RateBudgetStore>().AddSingleton(provider => new KlarnaAccounts(
            provider.GetRequiredService<IOptions<KlarnaOptions>>(), provider.GetRequiredService<BulkRefundsTelemetry>(), provider.GetRequiredService<RateBudgetStore>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RateBudget>>()));
    }
}
