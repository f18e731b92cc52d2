using System.CommandLine;

namespace Indicators.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = BenchAll.Configure(new Command("bench", "Benchmarks, each beside a floor measured in the same run; alone (or `bench all`): every one, in one table."));
        bench.Subcommands.Add(BenchAll.Create());
        bench.Subcommands.Add(BenchImport.Create());
        bench.Subcommands.Add(BenchCompute.Create());
        bench.Subcommands.Add(BenchDrop.Create());
        return bench;
    }
}
