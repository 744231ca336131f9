using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Settlements;

/// <summary>Section <c>Settlements</c>: ingest of Klarna's payouts, matching to our refunds, the settlement report.</summary>
public static class SettlementsServiceCollectionExtensions
{
    public static IServiceCollection AddSettlements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SettlementOptions>().Bind(configuration.GetSection("Settlements"))
            .Validate(options => !string.IsNullOrWhiteSpace(options.Cron), "Settlements:Cron must be a cron expression such as '30 6 * * *'.")
            .Validate(options => options.OverdueAfterDays is >= 0 and <= SettlementOptions.MaxOverdueAfterDays,
                "Settlements:OverdueAfterDays must be between 0 and 3650 days (fractions allowed).")
            .Validate(options => options.LookbackDays is >= 1 and <= 3650, "Settlements:LookbackDays must be between 1 and 3650.")
            .Validate(options => options.OverlapDays is >= 0 and <= 365, "Settlements:OverlapDays must be between 0 and 365.")
            .ValidateOnStart();
        return services
            .AddSingleton<SettlementStore>()
            .AddSingleton<SettlementMatchStore>()
            .AddSingleton<SettlementReportStore>()
            .AddSingleton<SettlementIngest>()
            .AddSingleton<SettlementRun>()
            .AddTransient<SettlementJob>();
    }
}
