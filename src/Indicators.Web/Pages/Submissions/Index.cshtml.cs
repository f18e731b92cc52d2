using System.Globalization;
using Indicators.Accounts;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Submissions;

/// <summary>
/// The submissions an observatory (its region) or an administrator (every region) may see, newest
/// first, with filters; an upload form (plain post, or XHR with progress answered in JSON); and the
/// JSON the list polls while imports are pending. Planners are refused.
/// </summary>
// The upload's anti-forgery token is checked by hand after the form is read, so that a file over
// the size limit gets its own message rather than the generic "bad request".
[IgnoreAntiforgeryToken]
public sealed class IndexModel(CurrentUser me, Database database, PortalOptions options, Uploads uploads, PageText t, IAntiforgery antiforgery, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Submission> Rows { get; private set; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public SubmissionFilter Filter { get; private set; } = new();

    public IReadOnlyList<string> FilterQuarters { get; private set; } = [];

    public IReadOnlyList<Quarter> UploadQuarters => Uploads.Quarters(time);

    public bool IsAdmin => me.Required.IsAdmin;

    public long MaxUploadBytes => options.MaxUploadBytes;

    public int MaxUploadMegabytes => options.MaxUploadMegabytes;

    /// <summary>The submission just sent (after the upload's redirect), if the account may see it.</summary>
    public Submission? Uploaded { get; private set; }

    /// <summary>Why the upload was refused, in the page language.</summary>
    public string? Problem { get; private set; }

    public IActionResult OnGet(string? region, string? quarter, string? status, long? uploaded, int p = 1)
    {
        if (!VisibleSubmissions.MayList(me.Required))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Load(new SubmissionFilter(Blank(region), Blank(quarter), VisibleSubmissions.Statuses.Contains(status ?? string.Empty) ? status : null), p);
        if (uploaded is { } id)
        {
            using var connection = database.Connect();
            Uploaded = new VisibleSubmissions(connection, me.Required).Find(id);
        }

        return Page();
    }

    /// <summary>Status and counts of the listed submissions still being imported (<c>ids=1,2,3</c>); ids the account may not see are left out.</summary>
    public IActionResult OnGetStatus(string? ids)
    {
        if (!VisibleSubmissions.MayList(me.Required))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var wanted = (ids ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0).Distinct().Take(200).ToList();
        using var connection = database.Connect();
        var found = new VisibleSubmissions(connection, me.Required).ByIds(wanted);
        return new JsonResult(found.Select(s => new
        {
            id = s.Id,
            status = s.Status,
            label = StatusText(t, s.Status),
            rowsRead = t.Number(s.RowsRead),
            rowsAccepted = t.Number(s.RowsAccepted),
            rowsRejected = t.Number(s.RowsRejected),
        }));
    }

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellation)
    {
        var account = me.Required;
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // The file is over the multipart limit: nothing was stored.
            return Refuse(UploadOutcome.Refused("upload.too_large", StatusCodes.Status413PayloadTooLarge, options.MaxUploadMegabytes));
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext).ConfigureAwait(false))
        {
            return BadRequest();
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Refuse(UploadOutcome.Refused("sub.upload.no_file", StatusCodes.Status400BadRequest));
        }

        var outcome = await uploads.Receive(account, file, form["region"], form["quarter"], "web", cancellation).ConfigureAwait(false);
        if (outcome.Result is not { SubmissionId: { } id } result)
        {
            return Refuse(outcome);
        }

        return WantsJson
            ? new JsonResult(new { id, status = result.Status, url = $"/submissions/{id}" })
            {
                // A duplicate is answered at once; anything else waits for the import job.
                StatusCode = result.Status == SubmissionStatus.Pending ? StatusCodes.Status202Accepted : StatusCodes.Status200OK,
            }
            : Redirect($"/submissions?uploaded={id}");
    }

    /// <summary>A status in the page language.</summary>
    public static string StatusText(PageText t, string status) =>
        Indicators.Forms.Messages.Default.Has("status." + status) ? t.Of(Indicators.Forms.Messages.Default.Get("status." + status)) : status;

    /// <summary>A region's name in the page language (the code itself when it is not a known region).</summary>
    public static string RegionText(PageText t, string code) => Reference.Default.FindRegion(code) is { } r ? t.Of(r.Name) : code;

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private IActionResult Refuse(UploadOutcome outcome)
    {
        var status = outcome.Problem is null ? StatusCodes.Status422UnprocessableEntity : outcome.StatusCode;
        var message = outcome.Problem is { } key
            ? t.Format(key, outcome.ProblemArgs)
            : outcome.Result?.Errors.FirstOrDefault() is { } e ? t.Of(e.Message) : t["sub.upload.failed"];
        if (WantsJson)
        {
            return new JsonResult(new { error = message }) { StatusCode = status };
        }

        if (status == StatusCodes.Status403Forbidden)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Problem = message;
        Load(new SubmissionFilter(), 1);
        Response.StatusCode = status;
        return Page();
    }

    private void Load(SubmissionFilter filter, int page)
    {
        using var connection = database.Connect();
        var visible = new VisibleSubmissions(connection, me.Required);
        Filter = filter;
        PageNumber = Math.Clamp(page, 1, 1_000_000);
        (Rows, Total) = visible.Search(filter, (PageNumber - 1) * PageSize, PageSize);
        FilterQuarters = visible.Quarters();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
