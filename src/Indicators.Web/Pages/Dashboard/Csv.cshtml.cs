using System.Text;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Dashboard;

/// <summary>
/// The dashboard's figures as the spec's CSV export (<see cref="IndicatorCsv"/>), filtered as on
/// screen: the same region, quarter and indicators, the same rows. Every field is a code or a
/// number from the catalogue, the reference or the computation, never free text, so no cell can
/// be read as a spreadsheet formula (only numbers may start with a minus sign).
/// </summary>
public sealed class CsvModel(Database database, CurrentUser me) : PageModel
{
    public IActionResult OnGet(string? region, string? quarter, string? indicator)
    {
        var (view, status) = DashboardView.Load(database, me.Required, region, quarter, indicator);
        if (view is null)
        {
            return StatusCode(status);
        }

        var name = new StringBuilder("indicateurs-").Append(view.Region.Slug);
        if (view.Quarter is not null)
        {
            name.Append('-').Append(view.Quarter);
        }

        if (view.Indicators.Count == 1)
        {
            name.Append('-').Append(view.Indicators[0].Id.ToLowerInvariant());
        }

        using var buffer = new MemoryStream();
        IndicatorCsv.Write(view.Rows, buffer);
        return File(buffer.ToArray(), "text/csv; charset=utf-8", name.Append(".csv").ToString());
    }
}
