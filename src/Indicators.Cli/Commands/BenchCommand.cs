using System.CommandLine;

namespace Indicators.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (rows/s beside a floor measured in the same run).");
        bench.Subcommands.Add(BenchImport.Create());
        bench.Subcommands.Add(BenchCompute.Create());
        bench.Subcommands.Add(BenchDrop.Create());
        return bench;
    }
}
