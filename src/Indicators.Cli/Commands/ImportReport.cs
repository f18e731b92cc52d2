using System.Globalization;
using System.Text.Json;
using Indicators.Forms;
using Indicators.Submissions;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>How an import result is shown: a table for people, one JSON object for scripts.</summary>
internal static class ImportReport
{
    private const int ErrorsShown = 40;

    public static string Json(ImportResult r, Lang lang)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (r.SubmissionId is { } id)
            {
                w.WriteNumber("submissionId", id);
            }
            else
            {
                w.WriteNull("submissionId");
            }

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
            w.WriteStartArray("errors");
            foreach (var e in r.Errors)
            {
                WriteError(w, e, lang);
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var e in r.Warnings)
            {
                WriteError(w, e, lang);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Print(ImportResult r, Lang lang, bool dryRun)
    {
        var summary = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn(string.Empty).AddColumn(string.Empty);
        var statusColor = r.Status switch
        {
            SubmissionStatus.Accepted => "green",
            SubmissionStatus.AcceptedWithErrors => "yellow",
            SubmissionStatus.Duplicate => "blue",
            _ => "red",
        };
        void Line(string key, string? value)
        {
            if (value is not null)
            {
                summary.AddRow(Markup.Escape(CliText.Get(key, lang)), Markup.Escape(value));
            }
        }

        summary.AddRow(Markup.Escape(CliText.Get("status", lang)), $"[{statusColor}]{Markup.Escape(Messages.Default.Get("status." + r.Status)[lang])}[/]");
        Line("submission", r.SubmissionId?.ToString(CultureInfo.InvariantCulture));
        Line("region", r.RegionCode);
        Line("quarter", r.Quarter);
        Line("batch", r.BatchLabel);
        Line("sheet", r.Sheet);
        Line("rowsRead", r.RowsRead.ToString(CultureInfo.InvariantCulture));
        Line("rowsAccepted", r.RowsAccepted.ToString(CultureInfo.InvariantCulture));
        Line("rowsRejected", r.RowsRejected.ToString(CultureInfo.InvariantCulture));
        Line("supersedes", r.Supersedes?.ToString(CultureInfo.InvariantCulture));
        Line("duplicateOf", r.DuplicateOf?.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(summary);

        if (r.Errors.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(CliText.Get("errors", lang)))
                .AddColumn(Markup.Escape(CliText.Get("row", lang)))
                .AddColumn(Markup.Escape(CliText.Get("column", lang)))
                .AddColumn(Markup.Escape(CliText.Get("value", lang)))
                .AddColumn(Markup.Escape(CliText.Get("message", lang)));
            foreach (var e in r.Errors.Take(ErrorsShown))
            {
                table.AddRow(
                    e.Row?.ToString(CultureInfo.InvariantCulture) ?? "—",
                    Markup.Escape(e.Column ?? "—"),
                    Markup.Escape(e.Value ?? string.Empty),
                    Markup.Escape(e.Message[lang]));
            }

            AnsiConsole.Write(table);
            if (r.Errors.Count > ErrorsShown || r.ErrorsTruncated)
            {
                AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("more", lang, r.RowsRejected > 0 ? Math.Max(r.Errors.Count - ErrorsShown, 0) : r.Errors.Count - ErrorsShown)));
            }
        }

        foreach (var w in r.Warnings)
        {
            AnsiConsole.MarkupLine("[yellow]" + Markup.Escape(w.Message[lang]) + "[/]");
        }

        if (dryRun)
        {
            AnsiConsole.MarkupLine("[blue]" + Markup.Escape(CliText.Get("dryRun", lang)) + "[/]");
        }
    }

    private static void WriteError(Utf8JsonWriter w, Submissions.Validation.ImportError e, Lang lang)
    {
        w.WriteStartObject();
        w.WriteString("sheet", e.Sheet);
        if (e.Row is { } row)
        {
            w.WriteNumber("row", row);
        }
        else
        {
            w.WriteNull("row");
        }

        w.WriteString("column", e.Column);
        w.WriteString("field", e.Field);
        w.WriteString("value", e.Value);
        w.WriteString("code", e.Code);
        w.WriteString("message", e.Message[lang]);
        w.WriteEndObject();
    }
}
