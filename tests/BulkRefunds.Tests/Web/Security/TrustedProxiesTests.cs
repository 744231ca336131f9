using System.Net;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>ForwardedHeaders:KnownProxies / KnownNetworks: which peers are proxies; loopback only when none are named.</summary>
public sealed class TrustedProxiesTests
{
    [Fact]
    public void Contains_CommaListAndNetwork_MatchesOnlyThose()
    {
        var proxies = Proxies(("ForwardedHeaders:KnownProxies", "10.0.0.5, 10.0.0.6"), ("ForwardedHeaders:KnownNetworks:0", "192.168.7.0/24"));

        Assert.True(proxies.IsConfigured);
        Assert.True(proxies.Contains(IPAddress.Parse("10.0.0.6")));
        Assert.True(proxies.Contains(IPAddress.Parse("::ffff:192.168.7.200")));
        Assert.False(proxies.Contains(IPAddress.Parse("10.0.0.7")));
        Assert.False(proxies.Contains(IPAddress.Loopback));
    }

    [Fact]
    public void Contains_RepositoryAppSettings_IsLoopbackOnly()
    {
        var proxies = new TrustedProxies(new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.json")).Build());

        Assert.False(proxies.IsConfigured);
        Assert.True(proxies.Contains(IPAddress.IPv6Loopback));
        Assert.False(proxies.Contains(IPAddress.Parse("10.0.0.5")));
    }

    [Fact]
    public void Create_EntryThatIsNoAddress_FailsNamingTheSetting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Proxies(("ForwardedHeaders:KnownProxies", "proxy.internal")));

        Assert.Equal("ForwardedHeaders:KnownProxies holds 'proxy.internal', which is not an IP address.", failure.Message);
    }

    private static TrustedProxies Proxies(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build());
}
