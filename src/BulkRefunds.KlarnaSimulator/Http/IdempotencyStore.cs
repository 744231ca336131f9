namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>
/// Klarna-Idempotency-Key handling. Klarna: "Input values of the operation are disregarded when evaluating
/// the idempotency of the operation, only the key matters", honoured "within 24 hours after the first
/// attempt" — so a replay returns the first response whatever its body, and the window starts at the
/// first attempt. Keys are global (one merchant), not per order or endpoint: public docs do not say, and
/// the strictest scope catches a client that reuses keys across operations.
/// </summary>
internal sealed class IdempotencyStore(TimeProvider timeProvider, TimeSpan window)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, IdempotencyEntry> entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset FirstSeenAt)> expiry = new();

    /// <summary>Null when the caller now owns the key and must process the request, else the response to send.</summary>
    public SimResponse? TryClaim(string key)
    {
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            Purge(now);
            if (entries.TryGetValue(key, out var entry))
            {
                // Public docs do not say what a duplicate of an unfinished request gets; 409 CONFLICT
                // (message list empty) is the only documented candidate.
                if (entry.Response is null)
                {
                    return SimResponse.Error(StatusCodes.Status409Conflict, "CONFLICT");
                }

                if (now - entry.FirstSeenAt < window)
                {
                    return entry.Response;
                }
            }

            entries[key] = new IdempotencyEntry(now, Response: null);
            expiry.Enqueue((key, now));
            return null;
        }
    }

    /// <summary>
    /// Stores the first response, errors included (a 4xx is a final answer for that key). 5xx and 409
    /// are not stored: they say "not done", and a retry with the same key must be able to succeed.
    /// </summary>
    public void Complete(string key, SimResponse response)
    {
        if (response.StatusCode >= 500 || response.StatusCode == StatusCodes.Status409Conflict)
        {
            Abandon(key);
            return;
        }

        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry))
            {
                entries[key] = entry with { Response = response };
            }
        }
    }

    /// <summary>Forgets an unfinished key, e.g. when processing threw.</summary>
    public void Abandon(string key)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Response is null)
            {
                entries.Remove(key);
            }
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (expiry.TryPeek(out var head) && now - head.FirstSeenAt >= window)
        {
            expiry.Dequeue();
            if (entries.TryGetValue(head.Key, out var entry)
                && entry.FirstSeenAt == head.FirstSeenAt
                && entry.Response is not null)
            {
                entries.Remove(head.Key);
            }
        }
    }
}
