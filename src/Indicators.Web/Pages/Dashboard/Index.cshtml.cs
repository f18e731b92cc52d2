using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Dashboard;

/// <summary>
/// The planners' dashboard: a region's key indicators for a quarter (value, interval, change, flags),
/// charts by province, over time and by age, a province table, and the three regions compared for
/// accounts that see them all.
/// </summary>
public sealed class IndexModel(Database database, CurrentUser me) : PageModel
{
    public DashboardView View { get; private set; } = null!;

    public bool SeesEveryRegion { get; private set; }

    public IActionResult OnGet(string? region, string? quarter, string? indicator)
    {
        var account = me.Required;
        var (view, status) = DashboardView.Load(database, account, region, quarter, indicator);
        if (view is null)
        {
            return StatusCode(status);
        }

        View = view;
        SeesEveryRegion = RegionAccess.SeesEveryRegion(account);
        return Page();
    }

    /// <summary>This page's address with the current choices, some replaced.</summary>
    public string Link(string? indicator = null, string path = "/dashboard")
    {
        var query = new Dictionary<string, string?>
        {
            ["region"] = View.Region.Code,
            ["quarter"] = View.Quarter,
            ["indicator"] = indicator ?? (View.Choice.Length == 0 ? null : View.Choice),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(p => p.Value is not null));
    }
}
