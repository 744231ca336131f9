using BulkRefunds.Host.Cli;
using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Configuration;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>
/// <c>serve</c> listens where ASP.NET Core would (Kestrel:Endpoints, then --urls / ASPNETCORE_URLS, then the container's
/// HTTP_PORTS, then Serve:Urls), and beyond this machine only once someone has to authenticate.
/// </summary>
public sealed class ServeUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080;http://[::1]:5080")]
    public void Check_LoopbackWithoutUsers_IsAccepted(string urls)
    {
        var refusal = ServeUrls.Check(urls.Split(';'), ServeUrls.ServeSetting, new SecurityOptions());

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://127.0.0.1:5080;http://10.1.2.3:5080")]
    [InlineData("http://*:5080")]
    public void Check_NonLoopbackWithoutUsers_IsRefusedNamingTheUrl(string urls)
    {
        var refusal = ServeUrls.Check(urls.Split(';'), ServeUrls.ServeSetting, new SecurityOptions { RequireLoginOnLoopback = false });

        Assert.NotNull(refusal);
        Assert.Contains(urls.Split(';')[^1], refusal, StringComparison.Ordinal);
        Assert.Contains("hash-password", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NonLoopbackWithAUser_IsAccepted()
    {
        var security = new SecurityOptions();
        security.Users["ops"] = new UserAccountOptions { PasswordHash = PasswordHashes.Hash("secret"), Roles = ["operator"] };

        var refusal = ServeUrls.Check(["http://0.0.0.0:5080"], ServeUrls.ServeSetting, security);

        Assert.Null(refusal);
    }

    [Fact]
    public void Check_NonLoopbackInProxyHeaderMode_IsAccepted()
    {
        var refusal = ServeUrls.Check(["http://10.0.0.5:5080"], ServeUrls.ServeSetting, new SecurityOptions { Mode = SecurityMode.ProxyHeader });

        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("Serve:Urls=http://127.0.0.1:7000", "Serve:Urls", "http://127.0.0.1:7000")]
    [InlineData("urls=http://0.0.0.0:7001;http://localhost:7002", "--urls / ASPNETCORE_URLS", "http://0.0.0.0:7001;http://localhost:7002")]
    [InlineData("http_ports=8080", "ASPNETCORE_HTTP_PORTS / ASPNETCORE_HTTPS_PORTS", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:web:Url=http://10.0.0.5:7003", "Kestrel:Endpoints", "http://10.0.0.5:7003")]
    public void Resolve_EachWayOfNamingTheAddress_GivesItsUrlsAndSetting(string setting, string expectedSetting, string expectedUrls)
    {
        var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serve:Urls"] = ServeUrls.Default,
            [key] = value,
        }).Build();

        var (urls, named) = ServeUrls.Resolve(configuration);

        Assert.Equal(expectedSetting, named);
        Assert.Equal(expectedUrls.Split(';'), urls);
    }

    [Fact]
    public void Resolve_KestrelEndpointsAndUrls_KestrelWinsAsInAspNetCore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:7001",
            ["Kestrel:Endpoints:web:Url"] = "http://0.0.0.0:7003",
        }).Build();

        var (urls, named) = ServeUrls.Resolve(configuration);

        Assert.Equal("Kestrel:Endpoints", named);
        Assert.Equal(["http://0.0.0.0:7003"], urls);
    }
}
