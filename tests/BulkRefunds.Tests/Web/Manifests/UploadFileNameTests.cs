using BulkRefunds.Host.Web.Manifests;

namespace BulkRefunds.Tests.Web.Manifests;

public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("returns.csv", "returns.csv")]
    [InlineData(@"C:\Users\finance\Desktop\returns.csv", "returns.csv")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("  .hidden.csv ", "hidden.csv")]
    [InlineData("ret\u0000urns\r\n.csv", "returns.csv")]
    [InlineData("", UploadFileName.Fallback)]
    [InlineData(null, UploadFileName.Fallback)]
    [InlineData("folder/", UploadFileName.Fallback)]
    public void Sanitise_BrowserSuppliedName_KeepsOnlyASafeLeafName(string? name, string expected)
    {
        var sanitised = UploadFileName.Sanitise(name);

        Assert.Equal(expected, sanitised);
    }
}
