using System.Xml.Linq;
using Dapper;
using Indicators.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Indicators.Web.Portal;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys in the product database (<c>portal_keys</c>), so that
/// several portal nodes on one PostgreSQL database accept each other's cookies, and a restarted
/// node keeps its users signed in.
/// </summary>
public sealed class DatabaseKeyRepository(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Connect();
        return connection.Query<string>("SELECT xml FROM portal_keys ORDER BY id").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Connect();
        connection.Execute(
            "INSERT INTO portal_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @at)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), at = SubmissionStore.Iso(DateTimeOffset.UtcNow) });
    }
}
