using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>After sign-in the browser goes back where it came from, but only to a page of this site.</summary>
public sealed class LoginPageTests
{
    [Theory]
    [InlineData("/hangfire/jobs/enqueued", "/hangfire/jobs/enqueued")]
    [InlineData("/", "/")]
    [InlineData("/upload?x=1", "/upload?x=1")]
    [InlineData(null, "/hangfire")]
    [InlineData("", "/hangfire")]
    [InlineData("https://evil.example/", "/hangfire")]
    [InlineData("//evil.example/", "/hangfire")]
    [InlineData("/\\evil.example/", "/hangfire")]
    [InlineData("/\t/evil.example/", "/hangfire")]
    [InlineData("/ok\r\nSet-Cookie: x=1", "/hangfire")]
    public void LocalReturnUrl_OnlyPathsOfThisSite_AreKept(string? returnUrl, string expected)
    {
        var target = LoginPage.LocalReturnUrl(returnUrl);

        Assert.Equal(expected, target);
    }
}
