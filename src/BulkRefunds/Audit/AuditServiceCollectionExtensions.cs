using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Audit;

/// <summary>The audit trail: plumbing beside the flow that names no room; every room may record through it.</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditStore>().AddSingleton<AuditTrail>();
}
