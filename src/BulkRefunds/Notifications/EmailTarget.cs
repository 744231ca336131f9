namespace BulkRefunds.Notifications;

/// <summary><c>Notifications:Email</c>: plain-text mail through an SMTP relay (MailKit).</summary>
public sealed class EmailTarget
{
    public const string Name = "email";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? From { get; set; }

    public List<string> To { get; set; } = [];

    /// <summary>Signs in when set (with <see cref="Password"/>); an open relay on loopback needs neither.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
