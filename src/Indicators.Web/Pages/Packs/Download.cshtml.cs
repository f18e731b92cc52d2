using Indicators.Geography;
using Indicators.Packs;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Web.Pages.Dashboard;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Packs;

/// <summary>
/// Serves one pack's zip: the one in the packs folder, or one built now when it is missing or older
/// than its figures. Refusals: 404 for a region, quarter or language that does not exist, 403 for
/// a region the account may not see (and for the national comparison unless it sees every region);
/// a quarter without figures gets a page saying so.
/// </summary>
public sealed class DownloadModel(Database database, PortalOptions options, CurrentUser me, ILogger<DownloadModel> logger) : PageModel
{
    /// <summary>The region asked for; null for the national comparison.</summary>
    public Region? Region { get; private set; }

    public string Quarter { get; private set; } = string.Empty;

    public IActionResult OnGet(string? region, string? quarter, string? lang)
    {
        var account = me.Required;
        Region? place = null;
        if (region != Dim.Total && (place = RegionAccess.Find(region)) is null)
        {
            return NotFound();
        }

        if (Portal.Languages.Parse(lang) is not { } language || !Periods.Quarter.TryParse(quarter, out var q))
        {
            return NotFound();
        }

        if (!RegionAccess.CanSeeKey(account, place?.Code ?? Dim.Total))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var file = new PackFile(place, q.Value.ToString(), language, Path.GetFullPath(options.Packs));
        (Region, Quarter) = (place, file.Quarter);
        bool hasFigures;
        using (var connection = database.Connect())
        {
            hasFigures = new IndicatorStore(connection).Quarters(file.RegionKey).Contains(file.Quarter);
        }

        if (hasFigures)
        {
            try
            {
                return PhysicalFile(file.Ensure(database), "application/zip", file.FileName);
            }
            catch (PackException e)
            {
                // The figures went away between the check and the build (a recomputation).
                logger.LogWarning(e, "Pack {File} could not be built", file.FileName);
            }
        }

        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
