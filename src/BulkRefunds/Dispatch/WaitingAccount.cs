namespace BulkRefunds.Dispatch;

/// <summary>
/// An account of an approved, unfinished manifest with rows to send that this worker does not serve: the account is
/// missing here, or configured with another endpoint than the one the manifest recorded at import.
/// </summary>
public sealed record WaitingAccount(Guid ManifestId, string Account, string Endpoint)
{
    public string Message => $"waiting for a worker configured for account '{Account}' at {Endpoint}";
}
