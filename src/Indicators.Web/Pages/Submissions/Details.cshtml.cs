using Indicators.Forms;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Submissions;

/// <summary>
/// One submission: its status, counts and lineage (what it superseded, what superseded it, what it
/// duplicates), every error and warning with filters and paging, and the downloads of the original
/// file and of the annotated workbook. Another region's submission is not found (404).
/// </summary>
public sealed class DetailsModel(CurrentUser me, Database database, PageText t) : PageModel
{
    public const int ErrorsPerPage = 500;

    public Submission Submission { get; private set; } = new();

    public SubmissionOrigin Origin { get; private set; } = new(string.Empty, null, null, null);

    public ErrorFilter Filter { get; private set; } = new();

    public IReadOnlyList<ErrorRow> Errors { get; private set; } = [];

    public int ErrorTotal { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<string> Fields { get; private set; } = [];

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public bool IsPending => Submission.Status == SubmissionStatus.Pending;

    public IActionResult OnGet(long id, string? q, string? field, string? code, string? severity, int p = 1)
    {
        if (!VisibleSubmissions.MayList(me.Required))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        using var connection = database.Connect();
        var visible = new VisibleSubmissions(connection, me.Required);
        if (visible.Find(id) is not { } s)
        {
            return NotFound();
        }

        Submission = s;
        Origin = visible.Origin(s);
        Filter = new ErrorFilter(Blank(q), Blank(field), Blank(code), severity is "error" or "warning" ? severity : null);
        PageNumber = Math.Clamp(p, 1, 1_000_000);
        (Errors, ErrorTotal) = visible.Errors(s, Filter, t.Lang, (PageNumber - 1) * ErrorsPerPage, ErrorsPerPage);
        (Fields, Codes) = visible.ErrorChoices(s);
        return Page();
    }

    /// <summary>The status and counts, for the page to poll while the import runs.</summary>
    public IActionResult OnGetStatus(long id) => Visible(id) is { } s
        ? new JsonResult(new { id = s.Id, status = s.Status, label = IndexModel.StatusText(t, s.Status) })
        : NotFoundOrForbidden();

    /// <summary>The file exactly as it was received.</summary>
    public IActionResult OnGetOriginal(long id)
    {
        if (Visible(id) is not { } s)
        {
            return NotFoundOrForbidden();
        }

        var path = new FileStore(database.FilesDirectory).PathOf(s.Sha256);
        return System.IO.File.Exists(path) ? PhysicalFile(path, "application/octet-stream", s.FileName) : NotFound();
    }

    /// <summary>The original sheet with its faulty cells marked and an errors sheet, in French or Arabic.</summary>
    public IActionResult OnGetAnnotated(long id, string? lang)
    {
        if (Visible(id) is not { } s)
        {
            return NotFoundOrForbidden();
        }

        var language = Languages.Parse(lang) ?? t.Lang;
        var original = new FileStore(database.FilesDirectory).PathOf(s.Sha256);
        if (!System.IO.File.Exists(original))
        {
            return NotFound();
        }

        var result = new ImportSubmission(database, FormDefinition.Default, Indicators.Geography.Reference.Default, Messages.Default, TimeProvider.System).Stored(s.Id);

        // Written to a temporary file (deleted once sent): the workbook can be as large as the upload.
        var output = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            new AnnotatedWorkbook(Messages.Default).Write(output, original, s.FileName, result, language);
            output.Position = 0;
        }
        catch
        {
            output.Dispose();
            throw;
        }

        var name = $"{Path.GetFileNameWithoutExtension(s.FileName)}-annote-{(language == Lang.Ar ? "ar" : language == Lang.En ? "en" : "fr")}.xlsx";
        return File(output, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    private Submission? Visible(long id)
    {
        using var connection = database.Connect();
        return new VisibleSubmissions(connection, me.Required).Find(id);
    }

    private IActionResult NotFoundOrForbidden() =>
        VisibleSubmissions.MayList(me.Required) ? NotFound() : StatusCode(StatusCodes.Status403Forbidden);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
