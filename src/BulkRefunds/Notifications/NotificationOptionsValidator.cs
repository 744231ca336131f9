using Microsoft.Extensions.Options;

namespace BulkRefunds.Notifications;

/// <summary>Refuses, at start, a target that could never be delivered to (so nobody learns it on the night it matters).</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var problems = new List<string>();
        foreach (var (webhook, target) in options.Webhooks)
        {
            if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                problems.Add($"Notifications:Webhooks:{webhook}:Url must be an absolute http(s) URL.");
            }

            if (string.IsNullOrEmpty(target.Secret))
            {
                problems.Add($"Notifications:Webhooks:{webhook}:Secret must be set (receivers verify the signature with it).");
            }
        }

        if (options.Email.Enabled)
        {
            if (options.Email.Port is < 1 or > 65535)
            {
                problems.Add("Notifications:Email:Port must be between 1 and 65535.");
            }

            if (options.Email.To.Count == 0 || !new[] { options.Email.From }.Concat(options.Email.To).All(address => MimeKit.MailboxAddress.TryParse(address, out _)))
            {
                problems.Add("Notifications:Email needs a From and at least one To, each an e-mail address, when Host is set.");
            }
        }

        if (options.TimeoutSeconds < 1)
        {
            problems.Add("Notifications:TimeoutSeconds must be at least 1.");
        }

        if (options.BaseUrl is { Length: > 0 } baseUrl && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            problems.Add("Notifications:BaseUrl must be an absolute URL.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
