using System.CommandLine;
using Indicators.Packs;
using Indicators.Storage;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators pack (--region R | --national) --quarter Q [--lang fr|ar] [--db PATH] --out DIR</c>.</summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter(required: true);
        var lang = CommonOptions.Lang();
        var national = new Option<bool>("--national") { Description = "The three regions side by side instead of one region." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the pack's zip into.", Required = true };
        var command = new Command("pack", "Build a quarterly indicator pack: workbook with native charts, SVG charts, CSV and manifest, zipped.") { region, national, quarter, lang, db, output };
        command.SetAction(parse =>
        {
            var l = Lang.Fr;
            try
            {
                l = CommonOptions.ParseLang(parse.GetValue(lang)!);
                var isNational = parse.GetValue(national);
                if (isNational == parse.GetValue(region) is not null)
                {
                    throw new UsageException(CliText.Get("packTarget", l));
                }

                var code = isNational ? null : CommonOptions.RegionOrThrow(parse.GetValue(region), l).Code;
                var q = CommonOptions.QuarterOrThrow(parse.GetValue(quarter), l);
                var result = new PackBuilder(Database.Open(parse.GetValue(db))).Build(new PackRequest(code, q, l, parse.GetValue(output)!.FullName));
                AnsiConsole.MarkupLine(Markup.Escape(CliText.Get("packWritten", l, result.ZipPath)));
                return 0;
            }
            catch (Exception e) when (e is UsageException or PackException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
