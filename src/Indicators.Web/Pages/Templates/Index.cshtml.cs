using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Templates;

/// <summary>
/// The blank survey sheet to fill in, for a region, a quarter and a language: an observatory gets
/// its own region's (asking for another is refused), an administrator any region's or a generic
/// one; planners, who send nothing, are refused.
/// </summary>
public sealed class IndexModel(CurrentUser me, PageText t, TimeProvider time) : PageModel
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "ar"];

    public IReadOnlyList<Quarter> Quarters => Uploads.Quarters(time);

    public bool IsAdmin => me.Required.IsAdmin;

    public string? Region { get; private set; }

    public Quarter Quarter { get; private set; }

    public string Lang { get; private set; } = "fr";

    public IActionResult OnGet(string? region, string? quarter, string? lang)
    {
        if (Choose(region, quarter, lang) is { } refused)
        {
            return refused;
        }

        return Page();
    }

    public IActionResult OnGetDownload(string? region, string? quarter, string? lang)
    {
        if (Choose(region, quarter, lang) is { } refused)
        {
            return refused;
        }

        var target = Region is null ? null : Reference.Default.GetRegion(Region);

        // Written to a temporary file (deleted once sent): the response body takes no synchronous writes.
        var output = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            new BlankTemplate(FormDefinition.Default, Reference.Default, Messages.Default).Write(output, Lang == "ar" ? global::Indicators.Lang.Ar : global::Indicators.Lang.Fr, target, Quarter);
            output.Position = 0;
        }
        catch
        {
            output.Dispose();
            throw;
        }

        var name = target is null ? $"modele-{Quarter}-{Lang}.xlsx" : $"modele-{target.Slug}-{Quarter}-{Lang}.xlsx";
        return File(output, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    /// <summary>Reads the choices (defaults: the account's region, the current quarter, the page language); an answer when they are refused.</summary>
    private IActionResult? Choose(string? region, string? quarter, string? lang)
    {
        var account = me.Required;
        if (!VisibleSubmissions.MayList(account))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var asked = string.IsNullOrWhiteSpace(region) ? null : Reference.Default.FindRegion(region);
        if (!string.IsNullOrWhiteSpace(region) && asked is null)
        {
            return NotFound();
        }

        if (account.IsAdmin)
        {
            Region = asked?.Code;
        }
        else if (asked is not null && !account.CanUpload(asked.Code))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        else
        {
            Region = account.RegionCode;
        }

        if (string.IsNullOrWhiteSpace(quarter))
        {
            Quarter = Uploads.CurrentQuarter(time);
        }
        else if (Periods.Quarter.TryParse(quarter, out var q))
        {
            Quarter = q.Value;
        }
        else
        {
            return BadRequest();
        }

        Lang = string.IsNullOrWhiteSpace(lang) ? (t.Code == "ar" ? "ar" : "fr") : lang.Trim().ToLowerInvariant();
        return Languages.Contains(Lang) ? null : BadRequest();
    }
}
