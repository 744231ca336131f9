namespace BulkRefunds.Klarna;

/// <summary>Klarna's published API hosts (contract §1.1), nameable in configuration.</summary>
public static class KlarnaHosts
{
    private static readonly Dictionary<string, string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eu"] = "https://api.klarna.com/",
        ["na"] = "https://api-na.klarna.com/",
        ["oc"] = "https://api-oc.klarna.com/",
        ["playground-eu"] = "https://api.playground.klarna.com/",
        ["playground-na"] = "https://api-na.playground.klarna.com/",
        ["playground-oc"] = "https://api-oc.playground.klarna.com/",
    };

    /// <summary>Turns a configured base URL or region name into an absolute URI ending in '/'.</summary>
    public static Uri Resolve(string baseUrl)
    {
        var url = Named.GetValueOrDefault(baseUrl, baseUrl);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException(
                $"Klarna base URL '{baseUrl}' is neither a URL nor one of: {string.Join(", ", Named.Keys)}, {KlarnaOptions.SimulatorBaseUrl}.");
        }

        return url.EndsWith('/') ? uri : new Uri(url + "/");
    }

    /// <summary>
    /// The name a manifest records for an account's Klarna: <c>simulator</c> for the in-process simulator (its loopback
    /// port changes with every start), else the resolved address without user info, query or fragment.
    /// </summary>
    public static string Endpoint(string baseUrl)
    {
        if (string.Equals(baseUrl, KlarnaOptions.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase))
        {
            return KlarnaOptions.SimulatorBaseUrl;
        }

        var uri = Resolve(baseUrl);
        return $"{uri.Scheme}://{uri.Authority.ToLowerInvariant()}{uri.AbsolutePath}";
    }
}
