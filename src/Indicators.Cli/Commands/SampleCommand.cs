using System.CommandLine;
using Indicators.Forms;
using Indicators.Submissions;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators sample --region R --quarter Q --rows N --out F.xlsx [--seed S]</c>.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var region = CommonOptions.Region(required: true);
        var quarter = CommonOptions.Quarter(required: true);
        var rows = new Option<int>("--rows") { Description = "Number of respondents.", DefaultValueFactory = _ => 500 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the sheet (.xlsx).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same sheet.", DefaultValueFactory = _ => 1 };
        var errors = new Option<double>("--error-rate") { Description = "Share of rows given one typical mistake (0 to 1).", DefaultValueFactory = _ => 0 };
        var lang = CommonOptions.Lang();
        var command = new Command("sample", "Write a realistic synthetic survey sheet (demos, tests, benchmarks).")
        {
            region, quarter, rows, output, seed, errors, lang,
        };
        command.SetAction(parse =>
        {
            var l = Lang.Fr;
            try
            {
                l = CommonOptions.ParseLang(parse.GetValue(lang)!);
                var r = CommonOptions.RegionOrThrow(parse.GetValue(region), l);
                var q = CommonOptions.QuarterOrThrow(parse.GetValue(quarter), l);
                var path = parse.GetValue(output)!.FullName;
                var n = parse.GetValue(rows);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using (var stream = File.Create(path))
                {
                    new SampleSheet(FormDefinition.Default).Write(stream, r, q, new SampleSheet.Options(n, parse.GetValue(seed), parse.GetValue(errors)));
                }

                Console.WriteLine(CliText.Get("sampleWritten", l, path, n));
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
