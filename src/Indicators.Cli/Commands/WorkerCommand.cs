using System.CommandLine;
using Indicators.Jobs;
using Indicators.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators worker [--db ...] [--inbox DIR] [--packs DIR]</c>: a headless job node. On
/// PostgreSQL several run clustered (each trigger fires once); on SQLite run one.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var inbox = new Option<DirectoryInfo?>("--inbox") { Description = "Drop-folder root holding inbox/, processed/ and rejected/ (default: data/drop, or INDICATORS_INBOX)." };
        var packs = new Option<DirectoryInfo?>("--packs") { Description = "Where packs are written (default: data/packs, or INDICATORS_PACKS)." };
        var node = new Option<string?>("--node") { Description = "This node's name in the job history (default: host:pid)." };
        var files = new Option<DirectoryInfo?>("--files") { Description = "With PostgreSQL: the folder of original uploads, shared by every node (default: data/files, or INDICATORS_FILES)." };
        var command = new Command("worker", "Run a job node: scheduled imports, drop folders, indicators, packs, reminders.") { db, inbox, packs, node, files };
        command.SetAction(parse =>
        {
            try
            {
                var database = Database.Open(parse.GetValue(db), parse.GetValue(files)?.FullName);
                var options = new JobsOptions
                {
                    Database = database,
                    InboxRoot = (parse.GetValue(inbox)?.FullName ?? Environment.GetEnvironmentVariable("INDICATORS_INBOX") ?? Path.Combine("data", "drop")),
                    PacksDirectory = parse.GetValue(packs)?.FullName ?? Environment.GetEnvironmentVariable("INDICATORS_PACKS") ?? Path.GetFullPath(Path.Combine("data", "packs")),
                    Schedule = Schedule.Load(),
                    Node = parse.GetValue(node) ?? Environment.MachineName + ":" + Environment.ProcessId,
                };
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                });
                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddFilter("Quartz", LogLevel.Warning);
                builder.Services.AddIndicatorsJobs(options);
                using var host = builder.Build();
                Console.WriteLine($"worker {options.Node}: {database.Display}, drop folders {options.InboxRoot}, packs {options.PacksDirectory}, schedule {options.Schedule.Source}");
                host.Run();
                return 0;
            }
            catch (ScheduleException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or ArgumentException or TimeoutException)
            {
                Console.Error.WriteLine($"worker: cannot start: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
