using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the reverse proxies (<c>KnownProxies</c>, addresses; <c>KnownNetworks</c>, CIDR ranges)
/// whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed and, in ProxyHeader mode, whose identity headers are. None
/// configured: forwarded headers are ignored and identities are taken from loopback only (a proxy on this machine).
/// </summary>
public sealed class TrustedProxies
{
    public const string Section = "ForwardedHeaders";

    private readonly List<IPNetwork> networks;

    public TrustedProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        networks = [.. Entries(section.GetSection("KnownProxies")).Select(entry => Parse(entry, "KnownProxies", network: false))
            .Concat(Entries(section.GetSection("KnownNetworks")).Select(entry => Parse(entry, "KnownNetworks", network: true)))];
    }

    public bool IsConfigured => networks.Count > 0;

    /// <summary>Whether a connection from this address is one of the proxies.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IsConfigured ? networks.Any(network => network.Contains(plain)) : IPAddress.IsLoopback(plain);
    }

    /// <summary>Scheme and client address from the proxies only; one proxy hop, as ASP.NET Core's default.</summary>
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        networks.ForEach(options.KnownIPNetworks.Add);
    }

    // A list ("KnownProxies": ["10.0.0.5"]) or one comma-separated value (ForwardedHeaders__KnownProxies=10.0.0.5,10.0.0.6).
    private static IEnumerable<string> Entries(IConfigurationSection section) =>
        (section.Value is { } single ? [single] : section.GetChildren().Select(child => child.Value).OfType<string>())
            .SelectMany(value => value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IPNetwork Parse(string entry, string setting, bool network)
    {
        if (network ? IPNetwork.TryParse(entry, out var range) : IPAddress.TryParse(entry, out _) && IPNetwork.TryParse(SingleAddress(entry), out range))
        {
            return range;
        }

        throw new InvalidOperationException($"{Section}:{setting} holds '{entry}', which is not {(network ? "a CIDR range (10.0.0.0/8)" : "an IP address")}.");
    }

    private static string SingleAddress(string entry) =>
        IPAddress.Parse(entry).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? entry + "/128" : entry + "/32";
}
