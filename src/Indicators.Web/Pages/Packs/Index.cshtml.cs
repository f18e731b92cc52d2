using Indicators.Geography;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Web.Pages.Dashboard;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Packs;

/// <summary>
/// The quarterly packs an account may download: each region it sees (and the national comparison
/// when it sees them all) for each quarter with figures, in French and Arabic; a pack not built
/// yet is built when first asked for.
/// </summary>
public sealed class IndexModel(Database database, PortalOptions options, CurrentUser me) : PageModel
{
    /// <summary>The languages a pack is offered in.</summary>
    public static readonly IReadOnlyList<Lang> Languages = [Lang.Fr, Lang.Ar];

    /// <summary>Newest quarter first; within one, the regions in reference order, then the national comparison.</summary>
    public IReadOnlyList<(string Quarter, Region? Region)> Rows { get; private set; } = [];

    public string PacksDirectory => Path.GetFullPath(options.Packs);

    public void OnGet()
    {
        var account = me.Required;
        var places = RegionAccess.VisibleRegions(account).Select(r => (Region?)r).ToList();
        if (RegionAccess.SeesEveryRegion(account))
        {
            places.Add(null);
        }

        using var connection = database.Connect();
        var store = new IndicatorStore(connection);
        Rows = places
            .SelectMany(place => store.Quarters(place?.Code ?? Dim.Total).Select(q => (Quarter: q, Region: place)))
            .OrderByDescending(r => r.Quarter, StringComparer.Ordinal)
            .ThenBy(r => r.Region is null ? 1 : 0)
            .ThenBy(r => places.IndexOf(r.Region))
            .ToList();
    }

    public static string DownloadLink(Region? region, string quarter, Lang lang) =>
        $"/packs/download?region={region?.Code ?? Dim.Total}&quarter={quarter}&lang={(lang == Lang.Ar ? "ar" : "fr")}";
}
