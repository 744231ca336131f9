using BulkRefunds.Manifests;
using BulkRefunds.Tests.EndToEnd;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.Manifests;

/// <summary>The Manifests section as bound and validated: a limit that cannot work stops the start and names the setting.</summary>
public sealed class ManifestLimitsTests
{
    [Fact]
    public void AddManifests_Defaults_AreValidAndReadOneMebibytePerRow()
    {
        var limits = Limits(new Dictionary<string, string?>());

        Assert.Equal((100L * 1024 * 1024, 1_000_000, 255, 1024 * 1024), (limits.MaxFileBytes, limits.MaxRows, limits.MaxFieldLength, limits.MaxRecordBytes));
    }

    [Theory]
    [InlineData("Manifests:MaxRecordBytes", "1000", "Manifests:MaxRecordBytes must be at least 4096")]
    [InlineData("Manifests:MaxFieldLength", "100000", "Manifests:MaxRecordBytes must be at least 4096 and at least 4 × Manifests:MaxFieldLength")]
    [InlineData("Manifests:MaxRows", "0", "Manifests:MaxRows must be above zero.")]
    public void AddManifests_LimitThatCannotWork_FailsNamingTheSetting(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Limits(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RecordLimitTooSmall_ExitsOneNamingTheSetting()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "--Manifests:MaxRecordBytes=100", "validate", RunManifestTests.SamplePath());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Manifests:MaxRecordBytes must be at least 4096", result.Error, StringComparison.Ordinal);
    }

    private static ManifestLimits Limits(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddManifests(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ManifestLimits>>().Value;
    }
}
