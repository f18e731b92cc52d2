using System.CommandLine;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators export --format csv [--region R] [--quarter Q] [--db PATH] [--out F]</c>.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter();
        var lang = CommonOptions.Lang();
        var format = new Option<string>("--format") { Description = "Export format: csv (SDMX-CSV style).", DefaultValueFactory = _ => "csv" };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)." };
        var command = new Command("export", "Export computed indicators (SDMX-CSV style, indicators-v1).") { format, region, quarter, db, output, lang };
        command.SetAction(parse =>
        {
            var l = CommonOptions.ParseLang(parse.GetValue(lang)!);
            try
            {
                if (!string.Equals(parse.GetValue(format), "csv", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException(CliText.Get("badFormat", l, parse.GetValue(format) ?? string.Empty));
                }

                var regionCode = parse.GetValue(region) is { } rt
                    ? (rt is "_T" or "national" ? Dim.Total : CommonOptions.RegionOrThrow(rt, l).Code)
                    : null;
                var q = parse.GetValue(quarter) is { } qt ? CommonOptions.QuarterOrThrow(qt, l).ToString() : null;
                using var c = Database.Open(parse.GetValue(db)).Connect();
                var values = new IndicatorStore(c).Values(regionCode, q);
                if (parse.GetValue(output) is { } file)
                {
                    using var stream = File.Create(file.FullName);
                    IndicatorCsv.Write(values, stream);
                }
                else
                {
                    using var stdout = Console.OpenStandardOutput();
                    IndicatorCsv.Write(values, stdout);
                }

                return 0;
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }
}
