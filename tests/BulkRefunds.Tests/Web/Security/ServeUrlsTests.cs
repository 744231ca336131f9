using BulkRefunds.Host.Cli;
using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Tests.Web.Security;

/// <summary><c>serve</c> listens beyond this machine only once someone has to authenticate.</summary>
public sealed class ServeUrlsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080;http://[::1]:5080")]
    public void Check_LoopbackWithoutUsers_IsAccepted(string urls)
    {
        var (accepted, refusal) = ServeUrls.Check(urls, new SecurityOptions());

        Assert.Null(refusal);
        Assert.Equal(urls.Split(';'), accepted);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://127.0.0.1:5080;http://10.1.2.3:5080")]
    [InlineData("http://*:5080")]
    public void Check_NonLoopbackWithoutUsers_IsRefusedNamingTheUrl(string urls)
    {
        var (_, refusal) = ServeUrls.Check(urls, new SecurityOptions { RequireLoginOnLoopback = false });

        Assert.NotNull(refusal);
        Assert.Contains(urls.Split(';')[^1], refusal, StringComparison.Ordinal);
        Assert.Contains("hash-password", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NonLoopbackWithAUser_IsAccepted()
    {
        var security = new SecurityOptions();
        security.Users["ops"] = new UserAccountOptions { PasswordHash = PasswordHashes.Hash("secret"), Roles = ["operator"] };

        var (accepted, refusal) = ServeUrls.Check("http://0.0.0.0:5080", security);

        Assert.Null(refusal);
        Assert.Equal(["http://0.0.0.0:5080"], accepted);
    }

    [Fact]
    public void Check_NonLoopbackInProxyHeaderMode_IsAccepted()
    {
        var (_, refusal) = ServeUrls.Check("http://10.0.0.5:5080", new SecurityOptions { Mode = SecurityMode.ProxyHeader });

        Assert.Null(refusal);
    }
}
