using System.CommandLine;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators import FILE --region R --quarter Q</c>: exit 0 imported, 2 rejected, 1 any other failure.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The survey sheet: .xlsx, .xls or .csv." };
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter();
        var batch = new Option<string?>("--batch") { Description = "Batch label (default: the file name without extension)." };
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var annotated = new Option<FileInfo?>("--annotated") { Description = "Write the sheet back with faulty cells highlighted and commented." };
        var lang = CommonOptions.Lang();
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report exactly as an import would, and store nothing." };
        var command = new Command("import", "Validate a survey sheet and import its accepted rows.")
        {
            file, region, quarter, batch, db, json, annotated, lang, dryRun,
        };
        command.SetAction(parse => Run(
            parse.GetValue(file)!,
            parse.GetValue(region),
            parse.GetValue(quarter),
            parse.GetValue(batch),
            parse.GetValue(db),
            parse.GetValue(json),
            parse.GetValue(annotated),
            parse.GetValue(lang)!,
            parse.GetValue(dryRun)));
        return command;
    }

    private static int Run(FileInfo file, string? region, string? quarter, string? batch, string? dbPath, bool json, FileInfo? annotated, string langText, bool dryRun)
    {
        var lang = Lang.Fr;
        try
        {
            lang = CommonOptions.ParseLang(langText);
            if (!file.Exists)
            {
                throw new UsageException(CliText.Get("fileMissing", lang, file.FullName));
            }

            var db = Database.Open(dbPath);
            var import = new ImportSubmission(db, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System);
            var result = import.Run(new ImportRequest(file.FullName, file.Name, region, quarter, batch) { DryRun = dryRun });
            if (!dryRun && result.Quarter is { } q && result.Status is SubmissionStatus.Accepted or SubmissionStatus.AcceptedWithErrors)
            {
                // A new or superseding submission changes its quarter's figures (and the national total).
                ComputeIndicators.Run(db, [Periods.Quarter.Parse(q)]);
            }
            if (annotated is not null)
            {
                using var output = File.Create(annotated.FullName);
                new AnnotatedWorkbook(Messages.Default).Write(output, file.FullName, file.Name, result, lang);
            }

            if (json)
            {
                Console.Out.WriteLine(ImportReport.Json(result, lang));
            }
            else
            {
                ImportReport.Print(result, lang, dryRun);
                if (annotated is not null)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("annotated", lang, annotated.FullName)));
                }
            }

            return result.IsRejected ? 2 : 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(CliText.Get("failed", lang, e.Message));
            return 1;
        }
    }
}
