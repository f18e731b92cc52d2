using System.Text.Encodings.Web;
using System.Text.Json;
using Indicators.Submissions.Validation;

namespace Indicators.Submissions;

/// <summary>
/// An import result as one JSON object, the contract of <c>indicators import --json</c>:
/// <c>submissionId, status, region, quarter, batch, sheet, rowsRead, rowsAccepted, rowsRejected,
/// [supersedes], [duplicateOf], errorsTruncated, errors[], warnings[]</c>, each error with
/// <c>sheet, row, column, field, value, code, message</c> (in <paramref name="lang"/>). The drop
/// folder's <c>.errors.json</c> is the same object with the file's name and every message in
/// French, Arabic and English besides.
/// </summary>
public static class ImportJson
{
    public static byte[] Write(ImportResult r, Lang lang, string? fileName = null, bool allLanguages = false, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (fileName is not null)
            {
                w.WriteString("file", fileName);
            }

            Number(w, "submissionId", r.SubmissionId);
            w.WriteString("status", r.Status);
            w.WriteString("region", r.RegionCode);
            w.WriteString("quarter", r.Quarter);
            w.WriteString("batch", r.BatchLabel);
            w.WriteString("sheet", r.Sheet);
            w.WriteNumber("rowsRead", r.RowsRead);
            w.WriteNumber("rowsAccepted", r.RowsAccepted);
            w.WriteNumber("rowsRejected", r.RowsRejected);
            if (r.Supersedes is { } s)
            {
                w.WriteNumber("supersedes", s);
            }

            if (r.DuplicateOf is { } d)
            {
                w.WriteNumber("duplicateOf", d);
            }

            w.WriteBoolean("errorsTruncated", r.ErrorsTruncated);
            Errors(w, "errors", r.Errors, lang, allLanguages);
            Errors(w, "warnings", r.Warnings, lang, allLanguages);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Errors(Utf8JsonWriter w, string name, IReadOnlyList<ImportError> list, Lang lang, bool allLanguages)
    {
        w.WriteStartArray(name);
        foreach (var e in list)
        {
            w.WriteStartObject();
            w.WriteString("sheet", e.Sheet);
            Number(w, "row", e.Row);
            w.WriteString("column", e.Column);
            w.WriteString("field", e.Field);
            w.WriteString("value", e.Value);
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message[lang]);
            if (allLanguages)
            {
                w.WriteStartObject("messages");
                w.WriteString("fr", e.Message.Fr);
                w.WriteString("ar", e.Message.Ar);
                w.WriteString("en", e.Message.En);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
