using System.CommandLine;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>
/// The main job on the embedded default: sample sheets for the three regions over the last four
/// quarters (the latest Oriental sheet with typical mistakes), imported into SQLite, indicators
/// computed, and French and Arabic packs for every region plus the national comparison.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the demo's files.", DefaultValueFactory = _ => new DirectoryInfo("out/demo") };
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var rows = new Option<int>("--rows") { Description = "Respondents per region.", DefaultValueFactory = _ => 400 };
        var command = new Command("demo", "Generate sample sheets for the three regions over four quarters, import them, compute, and write the packs.") { output, db, lang, rows };
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(db), CommonOptions.ParseLang(parse.GetValue(lang)!), parse.GetValue(rows)));
        return command;
    }

    private static int Run(DirectoryInfo output, string? dbPath, Lang lang, int rows)
    {
        output.Create();
        var database = Database.Open(dbPath);
        var latest = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Previous;
        var quarters = new[] { latest.Previous.Previous.Previous, latest.Previous.Previous, latest.Previous, latest };
        AnsiConsole.MarkupLine("[bold]" + Markup.Escape(CliText.Get("demoTitle", lang, database.Display)) + "[/]");
        var import = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var key in new[] { "region", "quarter", "status", "submission", "rowsRead", "rowsAccepted", "rowsRejected" })
        {
            table.AddColumn(Markup.Escape(CliText.Get(key, lang)));
        }

        var seed = 1;
        var failed = false;
        foreach (var quarter in quarters)
        foreach (var region in Reference.Default.Regions)
        {
            var path = Path.Combine(output.FullName, $"{region.Slug}-{quarter}.xlsx");
            using (var stream = File.Create(path))
            {
                // Oriental's sheet carries typical mistakes, to show the error feedback.
                var errorRate = region.Code == "02" && quarter == latest ? 0.03 : 0;
                new SampleSheet(FormDefinition.Default).Write(stream, region, quarter, new SampleSheet.Options(rows, seed++, errorRate));
            }

            var result = import.Run(new ImportRequest(path, Path.GetFileName(path), region.Code, quarter.ToString()));
            failed |= result.IsRejected;
            if (result.Errors.Count > 0)
            {
                var annotated = Path.Combine(output.FullName, $"{region.Slug}-{quarter}-annotated-{lang.ToString().ToLowerInvariant()}.xlsx");
                using var stream = File.Create(annotated);
                new AnnotatedWorkbook(Messages.Default).Write(stream, path, Path.GetFileName(path), result, lang);
            }

            table.AddRow(
                Markup.Escape(region.Name[lang]),
                quarter.ToString(),
                Markup.Escape(Messages.Default.Get("status." + result.Status)[lang]),
                result.SubmissionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—",
                result.RowsRead.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.RowsAccepted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                result.RowsRejected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var runs = ComputeIndicators.Run(database, quarters);
        AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("demoComputed", lang, runs.Count, runs.Sum(r => r.RowsUsed))));
        var packs = Path.Combine(output.FullName, "packs");
        var builder = new PackBuilder(database);
        foreach (var packLang in new[] { Lang.Fr, Lang.Ar })
        {
            foreach (var region in Reference.Default.Regions)
            {
                AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("packWritten", lang, builder.Build(new PackRequest(region.Code, latest, packLang, packs)).ZipPath)));
            }

            AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("packWritten", lang, builder.Build(new PackRequest(null, latest, packLang, packs)).ZipPath)));
        }

        AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("demoFiles", lang, output.FullName)));
        return failed ? 1 : 0;
    }
}
