namespace BulkRefunds.Tests.Klarna;

/// <summary>One request as <see cref="FakeKlarnaServer"/> received it; <paramref name="RawTarget"/> is the path exactly as sent, before any unescaping.</summary>
internal sealed record CapturedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
