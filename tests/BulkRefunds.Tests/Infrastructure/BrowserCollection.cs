namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// Browser tests: a headless Chromium and a PostgreSQL cluster of their own (xunit gives each collection its own
/// fixture instances), so a class here takes both <see cref="PostgresFixture"/> and <see cref="BrowserFixture"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
