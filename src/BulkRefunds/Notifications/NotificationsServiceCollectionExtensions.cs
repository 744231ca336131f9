using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Notifications;

/// <summary>
/// Section <c>Notifications</c>: the outbox of events (awaiting approval, completed, needs review, job failed, release run
/// completed) and their delivery to webhooks and e-mail. Beside the flow and knowing nobody: every room may raise.
/// </summary>
public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection("Notifications"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<NotificationOptions>>().Value.TimeoutSeconds))
            // The factory's default logging writes each request's URL; a webhook URL can itself be a secret.
            .RemoveAllLoggers();
        return services
            .AddSingleton<NotificationStore>()
            .AddSingleton<Notifier>()
            .AddSingleton<WebhookSender>()
            .AddSingleton<EmailSender>()
            .AddSingleton<JobFailedNotificationFilter>()
            .AddTransient<DeliverNotificationJob>()
            .AddTransient<NotificationSweepJob>();
    }
}
