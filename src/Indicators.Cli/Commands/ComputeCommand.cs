using System.CommandLine;
using System.Globalization;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators compute [--region R] [--quarter Q] [--db PATH]</c>.</summary>
internal static class ComputeCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter();
        var lang = CommonOptions.Lang();
        var command = new Command("compute", "Compute the indicator catalogue for whole quarters (every region and the national total).") { region, quarter, db, lang };
        command.SetAction(parse =>
        {
            var l = CommonOptions.ParseLang(parse.GetValue(lang)!);
            try
            {
                var database = Database.Open(parse.GetValue(db));
                List<Quarter>? quarters = parse.GetValue(quarter) is { } qt ? [CommonOptions.QuarterOrThrow(qt, l)] : null;
                if (parse.GetValue(region) is { } rt)
                {
                    // The national total depends on every region, so a region's quarter is recomputed whole.
                    var code = CommonOptions.RegionOrThrow(rt, l).Code;
                    using var c = database.Connect();
                    var withData = Dapper.SqlMapper.Query<string>(c, "SELECT DISTINCT quarter FROM submissions WHERE region_code = @code", new { code }).Select(Quarter.Parse);
                    quarters = quarters is null ? withData.ToList() : quarters.Intersect(withData).ToList();
                }

                var runs = ComputeIndicators.Run(database, quarters);
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var key in new[] { "quarter", "submissionsUsed", "rowsUsed", "valuesStored" })
                {
                    table.AddColumn(Markup.Escape(CliText.Get(key, l)));
                }

                using var conn = database.Connect();
                foreach (var run in runs)
                {
                    var stored = Dapper.SqlMapper.ExecuteScalar<long>(conn, "SELECT COUNT(*) FROM indicator_values WHERE run_id = @Id", new { run.Id });
                    table.AddRow(run.Quarter, run.Submissions.Count.ToString(CultureInfo.InvariantCulture), run.RowsUsed.ToString("N0", CultureInfo.InvariantCulture), stored.ToString(CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
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
