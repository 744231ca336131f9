using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BulkRefunds.Notifications;

/// <summary>Sends an event as a plain-text mail through the configured SMTP relay (one conversation per delivery).</summary>
public sealed class EmailSender(IOptions<NotificationOptions> options)
{
    public async Task SendAsync(StoredEvent stored, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var email = settings.Email;
        // Validated at start (NotificationOptionsValidator): a delivery to "email" exists only while Host, From and To are set.
        var host = email.Host ?? throw new NotificationDeliveryException("E-mail is no longer configured.");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From ?? ""));
        message.To.AddRange(email.To.Select(MailboxAddress.Parse));
        message.Subject = NotificationText.Subject(stored);
        message.Headers.Add(WebhookSender.EventIdHeader, stored.EventId.ToString("D"));
        message.Body = new TextPart("plain") { Text = NotificationText.Body(stored) };
        using var smtp = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            await smtp.ConnectAsync(host, email.Port, Security(email.Security), cancellationToken);
            if (!string.IsNullOrEmpty(email.UserName))
            {
                await smtp.AuthenticateAsync(email.UserName, email.Password ?? "", cancellationToken);
            }

            await smtp.SendAsync(message, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or AuthenticationException
                                          or SslHandshakeException or SocketException or IOException or TimeoutException)
        {
            throw new NotificationDeliveryException($"E-mail through {host}:{email.Port} failed ({exception.GetType().Name}).");
        }
    }

    private static SecureSocketOptions Security(EmailSecurity security) => security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
