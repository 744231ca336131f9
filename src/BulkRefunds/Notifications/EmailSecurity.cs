namespace BulkRefunds.Notifications;

/// <summary>How the SMTP connection is protected: none, STARTTLS after connecting (required), or TLS from the first byte.</summary>
public enum EmailSecurity
{
    None,
    StartTls,
    SslOnConnect,
}
