using System.Globalization;
using System.Text;
using System.Text.Json;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Sheets;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Web.Portal;

namespace Indicators.Web.Api;

/// <summary>
/// Submissions for scripts, by API token only: send a sheet (<c>POST /api/submissions</c>, multipart
/// <c>file</c>, <c>quarter</c>, <c>region</c>), list, read a result, read its errors (JSON or CSV).
/// Same rules as the pages: an observatory sends and sees its own region only (another region's
/// submission is 404), an administrator every region, a planner nothing (403). Errors are
/// <c>{"error": {"code", "fr", "ar", "en"}}</c>.
/// </summary>
public static class SubmissionsApi
{
    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/submissions").RequireAuthorization("api");
        api.MapPost("/", Upload);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapGet("/{id:long}/errors", Errors);
        return app;
    }

    private static async Task<IResult> Upload(HttpRequest request, CurrentUser me, Uploads uploads, PortalOptions options, Texts texts, PageText t, CancellationToken cancellation)
    {
        var account = me.Required;
        if (!VisibleSubmissions.MayList(account))
        {
            return Error(texts, StatusCodes.Status403Forbidden, "api.sub.forbidden");
        }

        if (!request.HasFormContentType)
        {
            return Error(texts, StatusCodes.Status400BadRequest, "api.sub.no_file");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return Error(texts, StatusCodes.Status413PayloadTooLarge, "upload.too_large", options.MaxUploadMegabytes);
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Error(texts, StatusCodes.Status400BadRequest, "api.sub.no_file");
        }

        var outcome = await uploads.Receive(account, file, form["region"], form["quarter"], "api", cancellation).ConfigureAwait(false);
        if (outcome.Problem is { } problem)
        {
            return Error(texts, outcome.StatusCode, problem, outcome.ProblemArgs);
        }

        var result = outcome.Result!;
        if (result is { Status: SubmissionStatus.Pending, SubmissionId: { } id })
        {
            var url = $"/api/submissions/{id}";
            return TypedResults.Accepted(url, new { id, status = result.Status, url });
        }

        // Answered at once (a duplicate, a file the import refuses outright): the final result.
        return TypedResults.Bytes(ImportJson.Write(result, t.Lang, UploadGuard.SafeName(file.FileName), allLanguages: true), "application/json");
    }

    private static IResult List(CurrentUser me, Database database, Texts texts, string? quarter, string? status, string? region, int? offset, int? limit, HttpResponse response)
    {
        var account = me.Required;
        if (!VisibleSubmissions.MayList(account))
        {
            return Error(texts, StatusCodes.Status403Forbidden, "api.sub.forbidden");
        }

        using var connection = database.Connect();
        var filter = new SubmissionFilter(Blank(region), Blank(quarter), Blank(status));
        var (rows, total) = new VisibleSubmissions(connection, account).Search(filter, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 200, 1, 1000));
        response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(rows.Select(s => new
        {
            id = s.Id,
            region = s.RegionCode,
            quarter = s.Quarter,
            batch = s.BatchLabel,
            file = s.FileName,
            sizeBytes = s.SizeBytes,
            status = s.Status,
            active = s.IsActive,
            rowsRead = s.RowsRead,
            rowsAccepted = s.RowsAccepted,
            rowsRejected = s.RowsRejected,
            supersededBy = s.SupersededBy,
            duplicateOf = s.DuplicateOf,
            receivedAt = s.CreatedAt,
            completedAt = s.CompletedAt,
            url = $"/api/submissions/{s.Id}",
        }));
    }

    private static IResult Get(long id, CurrentUser me, Database database, Texts texts, PageText t)
    {
        using var connection = database.Connect();
        if (Visible(connection, me, id) is not { } s)
        {
            return Missing(me, texts);
        }

        var result = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System).Stored(s.Id);
        return TypedResults.Bytes(ImportJson.Write(result, t.Lang, s.FileName, allLanguages: true), "application/json");
    }

    private static IResult Errors(long id, CurrentUser me, Database database, Texts texts, string? format)
    {
        Submission? s;
        using (var connection = database.Connect())
        {
            s = Visible(connection, me, id);
        }

        if (s is null)
        {
            return Missing(me, texts);
        }

        var account = me.Required;
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Stream(stream => WriteCsv(stream, database, account, s), "text/csv; charset=utf-8", $"submission-{s.Id}-errors.csv");
        }

        return TypedResults.Stream(stream => WriteJson(stream, database, account, s), "application/json");
    }

    private static async Task WriteJson(Stream stream, Database database, Indicators.Accounts.UserAccount account, Submission s)
    {
        using var connection = database.Connect();
        await using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartArray();
        var n = 0;
        foreach (var e in new VisibleSubmissions(connection, account).AllErrors(s))
        {
            w.WriteStartObject();
            w.WriteString("severity", e.Severity);
            w.WriteString("code", e.Code);
            w.WriteString("sheet", e.Sheet);
            if (e.RowNumber is { } row)
            {
                w.WriteNumber("row", row);
            }
            else
            {
                w.WriteNull("row");
            }

            w.WriteString("column", e.ColumnName);
            w.WriteString("field", e.Field);
            w.WriteString("value", e.Value);
            w.WriteString("fr", e.Fr);
            w.WriteString("ar", e.Ar);
            w.WriteString("en", e.En);
            w.WriteEndObject();
            if (++n % 500 == 0)
            {
                await w.FlushAsync().ConfigureAwait(false);
            }
        }

        w.WriteEndArray();
        await w.FlushAsync().ConfigureAwait(false);
    }

    private static async Task WriteCsv(Stream stream, Database database, Indicators.Accounts.UserAccount account, Submission s)
    {
        using var connection = database.Connect();

        // With a byte-order mark, so that Excel reads the Arabic as UTF-8.
        await using var w = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        await w.WriteAsync("severity,code,sheet,row,column,field,value,message_fr,message_ar,message_en\r\n").ConfigureAwait(false);
        foreach (var e in new VisibleSubmissions(connection, account).AllErrors(s))
        {
            string?[] fields = [e.Severity, e.Code, e.Sheet, e.RowNumber?.ToString(CultureInfo.InvariantCulture), e.ColumnName, e.Field, e.Value, e.Fr, e.Ar, e.En];
            await w.WriteAsync(string.Join(',', fields.Select(f => CsvText.Quote(Inert(f ?? string.Empty)))) + "\r\n").ConfigureAwait(false);
        }

        await w.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>A cell a spreadsheet would take for a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, return) is kept as text with a leading quote.</summary>
    public static string Inert(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static Submission? Visible(System.Data.Common.DbConnection connection, CurrentUser me, long id) =>
        new VisibleSubmissions(connection, me.Required).Find(id);

    private static IResult Missing(CurrentUser me, Texts texts) => VisibleSubmissions.MayList(me.Required)
        ? Error(texts, StatusCodes.Status404NotFound, "api.sub.not_found")
        : Error(texts, StatusCodes.Status403Forbidden, "api.sub.forbidden");

    private static IResult Error(Texts texts, int status, string key, params object?[] args)
    {
        string In(Lang lang) => string.Format(PageText.CultureOf(lang), texts.Get(key, lang), args);
        return TypedResults.Json(new { error = new { code = key[(key.LastIndexOf('.') + 1)..], fr = In(Lang.Fr), ar = In(Lang.Ar), en = In(Lang.En) } }, statusCode: status);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
