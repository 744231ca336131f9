using BulkRefunds.Staging;

namespace BulkRefunds.Tests.Staging;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void Version5_RfcExample_MatchesPublishedValue()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var key = IdempotencyKeys.Version5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), key);
    }

    [Fact]
    public void ForRow_SameManifestAndLine_AlwaysGivesTheSameKey()
    {
        var sha = new string('a', 64);

        Assert.Equal(IdempotencyKeys.ForRow(sha, 7), IdempotencyKeys.ForRow(sha, 7));
        Assert.NotEqual(IdempotencyKeys.ForRow(sha, 7), IdempotencyKeys.ForRow(sha, 8));
        Assert.NotEqual(IdempotencyKeys.ForRow(sha, 7), IdempotencyKeys.ForRow(new string('b', 64), 7));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(99)]
    [InlineData(1_000_001)]
    [InlineData(int.MaxValue)]
    public void ForManifest_GivesTheKeysOfForRow(int line)
    {
        var sha = "3f9a" + new string('0', 60);

        Assert.Equal(IdempotencyKeys.ForRow(sha, line), IdempotencyKeys.ForManifest(sha)(line));
    }
}
