using System.CommandLine;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Submissions;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators template --out F.xlsx [--lang fr|ar] [--region R --quarter Q]</c>.</summary>
internal static class TemplateCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the blank template (.xlsx).", Required = true };
        var lang = CommonOptions.Lang();
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter();
        var command = new Command("template", "Write the blank survey sheet observatories fill in.") { output, lang, region, quarter };
        command.SetAction(parse =>
        {
            var l = Lang.Fr;
            try
            {
                l = CommonOptions.ParseLang(parse.GetValue(lang)!);
                var r = parse.GetValue(region) is { } rt ? CommonOptions.RegionOrThrow(rt, l) : null;
                var q = parse.GetValue(quarter) is { } qt ? CommonOptions.QuarterOrThrow(qt, l) : (Periods.Quarter?)null;
                var path = parse.GetValue(output)!.FullName;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var stream = File.Create(path))
                {
                    new BlankTemplate(FormDefinition.Default, Reference.Default, Messages.Default).Write(stream, l, r, q);
                }

                Console.WriteLine(CliText.Get("templateWritten", l, path));
                return 0;
            }
            catch (Exception e) when (e is UsageException or ArgumentException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }
}
