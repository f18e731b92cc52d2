using System.CommandLine;
using System.Text;
using Indicators.Cli.Commands;

namespace Indicators.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        var exit = await Build().Parse(args).InvokeAsync().ConfigureAwait(false);
        if (Environment.GetEnvironmentVariable("INDICATORS_REPORT_PEAK_MEMORY") == "1")
        {
            // For tests and benchmarks that bound memory: the process's own high-water mark.
            await Console.Error.WriteLineAsync($"peak_working_set_bytes={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64}").ConfigureAwait(false);
        }

        return exit;
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("indicators — migration survey sheets in, indicators out (Souss-Massa, Béni Mellal-Khénifra, Oriental).");
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(TemplateCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(SubmissionsCommand.Create());
        root.Subcommands.Add(ComputeCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(PackCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());
        return root;
    }
}
