using System.Globalization;
using Indicators.Forms;
using Indicators.Submissions;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>How an import result is shown: a table for people, one JSON object for scripts.</summary>
internal static class ImportReport
{
    private const int ErrorsShown = 40;

    public static string Json(ImportResult r, Lang lang) => System.Text.Encoding.UTF8.GetString(ImportJson.Write(r, lang));

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
}
