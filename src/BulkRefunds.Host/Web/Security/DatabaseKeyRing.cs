using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// Keeps the Data Protection key ring (sign-in cookie, antiforgery tokens) in <c>bulkrefunds.data_protection_key</c>,
/// so every web host on the database reads and writes the same keys (sql/0009 says why they are not encrypted).
/// <see cref="IXmlRepository"/> is synchronous; it is called when the key ring is loaded or a key is rotated.
/// </summary>
internal sealed class DatabaseKeyRing(KeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.ReadAll().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        store.Insert(friendlyName, element.ToString(SaveOptions.DisableFormatting));

    public static void AddTo(IServiceCollection services)
    {
        // One application name, so a cookie issued by one instance (or before a restart) is read by every other.
        services.AddDataProtection().SetApplicationName("BulkRefunds");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new DatabaseKeyRing(new KeyRingStore(dataSource)));
    }
}
