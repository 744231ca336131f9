using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Region names map to the six hosts of contract §1.1; URLs pass through; anything else is refused at start.</summary>
public sealed class KlarnaHostsTests
{
    [Theory]
    [InlineData("eu", "https://api.klarna.com/")]
    [InlineData("na", "https://api-na.klarna.com/")]
    [InlineData("oc", "https://api-oc.klarna.com/")]
    [InlineData("playground-eu", "https://api.playground.klarna.com/")]
    [InlineData("playground-na", "https://api-na.playground.klarna.com/")]
    [InlineData("playground-oc", "https://api-oc.playground.klarna.com/")]
    [InlineData("Playground-NA", "https://api-na.playground.klarna.com/")]
    public void Resolve_RegionName_ReturnsKlarnaHost(string name, string expected)
    {
        var uri = KlarnaHosts.Resolve(name);

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5005", "http://127.0.0.1:5005/")]
    [InlineData("http://127.0.0.1:5005/", "http://127.0.0.1:5005/")]
    [InlineData("https://proxy.example.test/klarna", "https://proxy.example.test/klarna/")]
    public void Resolve_Url_ReturnsItWithTrailingSlash(string url, string expected)
    {
        var uri = KlarnaHosts.Resolve(url);

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("europe")]
    [InlineData("api.klarna.com")]
    [InlineData("ftp://api.klarna.com")]
    [InlineData("/etc/passwd")]
    public void Resolve_Garbage_ThrowsNamingTheValue(string baseUrl)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => KlarnaHosts.Resolve(baseUrl));

        Assert.Contains($"'{baseUrl}'", exception.Message, StringComparison.Ordinal);
    }
}
