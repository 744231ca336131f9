namespace BulkRefunds.Tests.Klarna;

/// <summary>What <see cref="SilentTcpServer"/> does once a request has fully arrived.</summary>
public enum SilentMode
{
    /// <summary>Closes the connection gracefully (FIN) without a byte of response.</summary>
    Close,

    /// <summary>Aborts the connection (RST) without a byte of response.</summary>
    Reset,

    /// <summary>Keeps the connection open and silent until the server is disposed.</summary>
    Hold,
}
