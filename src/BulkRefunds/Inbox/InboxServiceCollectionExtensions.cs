using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Inbox;

/// <summary>Section <c>DropFolder</c>: the folder whose files are imported as manifests.</summary>
public static class InboxServiceCollectionExtensions
{
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DropFolderOptions>().Bind(configuration.GetSection("DropFolder"))
            .Validate(options => options.StableSeconds >= 0, "DropFolder:StableSeconds must be 0 or more.")
            .Validate(options => !options.Enabled || !string.IsNullOrWhiteSpace(options.Cron), "DropFolder:Cron is needed when DropFolder:Path is set.")
            .ValidateOnStart();
        return services
            .AddSingleton<DropFolder>()
            .AddTransient<DropFolderJob>();
    }
}
