namespace BulkRefunds.Klarna;

/// <summary>
/// Which Klarna a configured account talks to: <c>simulator</c> (the in-process one) or the API's address — scheme,
/// host, port and path, never credentials. A manifest remembers this for each of its accounts at import, and a worker
/// sends only rows whose account it has configured with the same endpoint.
/// </summary>
public sealed record AccountEndpoint(string Account, string Endpoint);
