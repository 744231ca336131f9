using BulkRefunds.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Dispatch;

/// <summary>Sections <c>Approval</c> and <c>Dispatch</c>; claiming, sending and recording rows, and the operator's actions.</summary>
public static class DispatchServiceCollectionExtensions
{
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApprovalOptions>().Bind(configuration.GetSection("Approval"))
            .ValidateOnStart();
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection("Dispatch"))
            .Validate(options => options is { BatchSize: > 0, Concurrency: > 0, MaxAttempts: > 0, LeaseSeconds: >= 3 }, "Dispatch settings must be positive.")
            .ValidateOnStart();
        return services
            .AddSingleton<DispatchStore>()
            .AddSingleton<BacklogStore>()
            .AddSingleton<OperatorActionsStore>()
            .AddSingleton<InDoubtReconciler>()
            .AddSingleton<RowSender>()
            .AddSingleton<OrderSender>()
            .AddSingleton<ManifestDispatcher>()
            .AddSingleton<OperatorActions>()
            .AddSingleton<RowResolutionStore>()
            .AddSingleton<RowResolutions>()
            .AddSingleton<DispatchQueue>()
            .AddSingleton<ManifestCompletion>()
            .AddTransient<DispatchManifestJob>()
            .AddTransient<RecoverySweepJob>();
    }
}
