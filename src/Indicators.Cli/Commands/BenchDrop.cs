using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Jobs;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Submissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators bench drop [--rows N] [--runs N]</c>: the time from a sheet landing in a drop folder
/// to its submission being accepted, with one job node on the default schedule (in this process),
/// on a SQLite database of its own in a temp folder.
/// </summary>
internal static class BenchDrop
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in each sheet.", DefaultValueFactory = _ => 10_000 };
        var runs = new Option<int>("--runs") { Description = "Sheets dropped, one after another.", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        var command = new Command("drop", "Benchmark drop folder to accepted submission latency on one node.") { rows, runs, json };
        command.SetAction(parse =>
        {
            var figures = Run(parse.GetValue(rows), Math.Max(1, parse.GetValue(runs)), parse.GetValue(json) ? Console.Error : Console.Out);
            if (parse.GetValue(json))
            {
                BenchJson.Print(figures);
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drop to accepted: median {figures.MedianSeconds:F2} s, worst {figures.WorstSeconds:F2} s (target < 5 s)"));
            }

            return 0;
        });
        return command;
    }

    private static DropFigures Run(int rows, int runs, TextWriter say)
    {
        var folder = Path.Combine(Path.GetTempPath(), "indicators-bench-drop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var database = Database.Open(Path.Combine(folder, "drop.db"));
            var inbox = Path.Combine(folder, "drop");
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddIndicatorsJobs(new JobsOptions { Database = database, InboxRoot = inbox, PacksDirectory = Path.Combine(folder, "packs"), Schedule = Schedule.Load(), Node = "bench" });
            using var host = builder.Build();
            host.Start();
            Thread.Sleep(3000); // the scheduler and the watcher up
            var region = Reference.Default.GetRegion("09");
            var quarter = Quarter.Parse("2020Q1");
            var times = new List<double>();
            for (var i = 0; i < runs; i++, quarter = quarter.Next)
            {
                var temp = Path.Combine(folder, $"sheet-{i}.xlsx");
                using (var stream = File.Create(temp))
                {
                    new SampleSheet(FormDefinition.Default).Write(stream, region, quarter, new SampleSheet.Options(rows, i + 1));
                }

                var target = Path.Combine(inbox, "inbox", region.Slug, quarter.ToString());
                Directory.CreateDirectory(target);
                var clock = Stopwatch.StartNew();
                File.Move(temp, Path.Combine(target, $"sheet-{i}.xlsx"));
                while (Accepted(database, quarter) == 0)
                {
                    if (clock.Elapsed > TimeSpan.FromMinutes(3))
                    {
                        throw new TimeoutException($"sheet {i} not accepted after 3 minutes");
                    }

                    Thread.Sleep(20);
                }

                var seconds = clock.Elapsed.TotalSeconds;
                times.Add(seconds);
                say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sheet {i + 1}: {rows:N0} rows, dropped to accepted in {seconds:F2} s"));
            }

            host.StopAsync().GetAwaiter().GetResult();
            return new DropFigures(rows, times, times.Order().ElementAt(times.Count / 2), times.Max(), BenchJson.PeakWorkingSet());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long Accepted(Database database, Quarter quarter)
    {
        using var c = database.Connect();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM submissions WHERE quarter = @q AND status IN ('accepted', 'accepted_with_errors')", new { q = quarter.ToString() });
    }
}
