using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators bench</c> (or <c>bench all</c>): every benchmark in one go, each stage in a child
/// process of this program (so each peak working set is that stage's own), then one table of each
/// figure beside its floor measured in the same run, the ratio and the target: import into
/// SQLite beside an XmlReader pass, into PostgreSQL beside a binary COPY, the computation beside
/// <c>SELECT SUM(weight)</c>, the pack build, and drop folder to accepted submission.
/// </summary>
internal static class BenchAll
{
    private const double ImportTarget = 0.60;
    private const double ComputeTarget = 5.0;
    private const double PacksTarget = 5.0;
    private const double DropTarget = 5.0;
    private const double MemoryTargetMb = 300;
    private const int MemoryTargetRows = 1_000_000;

    public static Command Create() => Configure(new Command("all", "Every benchmark in one go: one table beside the floors (the default of `bench`)."));

    /// <summary>Adds the options and the action to <paramref name="command"/> (<c>bench</c> itself, and <c>bench all</c>).</summary>
    public static Command Configure(Command command)
    {
        var rows = new Option<int>("--rows") { Description = "Rows of the import sheet and of the computation's database.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the sheet and databases, kept and reused (default: a temp folder, removed after)." };
        var pg = new Option<string?>("--pg") { Description = "A PostgreSQL connection string to benchmark on (default: a throwaway server from /usr/lib/postgresql/15/bin, when there)." };
        var dropRuns = new Option<int>("--drop-runs") { Description = "Sheets dropped one after another in the drop-folder stage.", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        command.Options.Add(rows);
        command.Options.Add(work);
        command.Options.Add(pg);
        command.Options.Add(dropRuns);
        command.Options.Add(json);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(rows), parse.GetValue(work), parse.GetValue(pg), Math.Max(1, parse.GetValue(dropRuns)), parse.GetValue(json), cancellation)));
        return command;
    }

    private static int Run(int rows, DirectoryInfo? work, string? pg, int dropRuns, bool json, CancellationToken cancellation)
    {
        var folder = work?.FullName ?? Path.Combine(Path.GetTempPath(), "indicators-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var notes = new List<string>();
        var machine = MachineDescription();
        try
        {
            var n = rows.ToString(CultureInfo.InvariantCulture);
            Console.Error.WriteLine("bench: import into SQLite");
            var import = Child<ImportFigures>(["bench", "import", "--rows", n, "--work", folder, "--only", "read,validate,import", "--json"]);

            ImportFigures? postgres = null;
            ThrowawayPostgres? server = null;
            var stop = default(CancellationTokenRegistration);
            if (pg is null && ThrowawayPostgres.Unavailable() is { } why)
            {
                notes.Add("PostgreSQL skipped: " + why + ", and no --pg given.");
            }
            else
            {
                try
                {
                    if (pg is null)
                    {
                        Console.Error.WriteLine("bench: starting a throwaway PostgreSQL");
                        server = ThrowawayPostgres.Start();
                        var started = server;
                        stop = cancellation.Register(started.Dispose); // interrupted: the server still goes
                        notes.Add("PostgreSQL: a throwaway server (fsync off) on 127.0.0.1, stopped after.");
                    }

                    Console.Error.WriteLine("bench: import into PostgreSQL");
                    postgres = Child<ImportFigures>(
                        ["bench", "import", "--rows", n, "--work", folder, "--only", "postgres", "--json"],
                        new Dictionary<string, string> { [BenchImport.PostgresVariable] = pg ?? server!.ConnectionString });
                }
                finally
                {
                    stop.Dispose();
                    server?.Dispose();
                }
            }

            Console.Error.WriteLine("bench: compute and packs");
            var compute = Child<ComputeFigures>(["bench", "compute", "--rows", n, "--work", folder, "--json"]);
            Console.Error.WriteLine("bench: drop folder");
            var dropRows = Math.Min(10_000, rows);
            var drop = Child<DropFigures>(["bench", "drop", "--rows", dropRows.ToString(CultureInfo.InvariantCulture), "--runs", dropRuns.ToString(CultureInfo.InvariantCulture), "--json"]);

            var table = Lines(rows, import, postgres, compute, drop, dropRuns);
            notes.Add("Floors, measured in the same run: XmlReader pass = one XmlReader read of the unzipped sheet XML doing nothing else; binary COPY = the same rows, already in PostgreSQL's binary format, copied into responses; SUM(weight) = SELECT SUM(weight) FROM responses (best of three, as the computation).");
            notes.Add("Peak: the peak working set of the stage's own child process (VmHWM), all of its steps included.");
            var figures = new BenchAllFigures(rows, machine, table, notes, import, postgres?.Postgres, postgres?.PeakWorkingSetBytes, compute, drop);
            if (json)
            {
                BenchJson.Print(figures);
            }
            else
            {
                Print(figures);
            }

            return 0;
        }
        finally
        {
            if (work is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static List<BenchLine> Lines(int rows, ImportFigures import, ImportFigures? postgres, ComputeFigures compute, DropFigures drop, int dropRuns)
    {
        var lines = new List<BenchLine>();
        var floor = import.FloorSeconds!.Value;
        double PerSecond(double seconds) => rows / seconds;
        var importMb = Mb(import.PeakWorkingSetBytes);
        lines.Add(new BenchLine(
            "import into SQLite", PerSecond(import.ImportSeconds!.Value), "rows/s", PerSecond(floor), "XmlReader pass",
            floor / import.ImportSeconds.Value, "share", $"≥ {ImportTarget:P0}", floor / import.ImportSeconds.Value >= ImportTarget, importMb));
        lines.Add(new BenchLine(
            "read + validate, no insert", PerSecond(import.ValidateSeconds!.Value), "rows/s", PerSecond(floor), "XmlReader pass",
            floor / import.ValidateSeconds.Value, "share", string.Empty, null, importMb));
        if (postgres?.Postgres is { } pg)
        {
            lines.Add(new BenchLine(
                "import into PostgreSQL", PerSecond(pg.ImportSeconds), "rows/s", PerSecond(pg.CopySeconds), "binary COPY",
                pg.CopySeconds / pg.ImportSeconds, "share", $"≥ {ImportTarget:P0}", pg.CopySeconds / pg.ImportSeconds >= ImportTarget, Mb(postgres.PeakWorkingSetBytes)));
        }

        var computeMb = Mb(compute.PeakWorkingSetBytes);
        lines.Add(new BenchLine(
            "compute, whole catalogue", compute.ComputeSeconds, "s", compute.FloorSeconds, "SUM(weight)",
            compute.ComputeSeconds / compute.FloorSeconds, "times", $"≤ {ComputeTarget:F0}×", compute.ComputeSeconds / compute.FloorSeconds <= ComputeTarget, computeMb));
        lines.Add(new BenchLine(
            "first computation and store (writes blocks)", compute.FirstSeconds, "s", compute.FloorSeconds, "SUM(weight)",
            compute.FirstSeconds / compute.FloorSeconds, "times", string.Empty, null, computeMb));
        lines.Add(new BenchLine(
            "compute and store", compute.StoreSeconds, "s", compute.FloorSeconds, "SUM(weight)",
            compute.StoreSeconds / compute.FloorSeconds, "times", string.Empty, null, computeMb));
        lines.Add(new BenchLine(
            "packs: 3 regions + national (fr)", compute.PacksSeconds, "s", null, string.Empty, null, string.Empty, $"< {PacksTarget:F0} s", compute.PacksSeconds < PacksTarget, computeMb));
        lines.Add(new BenchLine(
            $"drop to accepted ({drop.Rows:N0} rows, median of {dropRuns})", drop.MedianSeconds, "s", null, string.Empty, null, string.Empty, $"< {DropTarget:F0} s", drop.MedianSeconds < DropTarget, Mb(drop.PeakWorkingSetBytes)));
        lines.Add(new BenchLine(
            $"peak memory, import of {rows:N0} rows", importMb, "MB", null, string.Empty, null, string.Empty, $"< {MemoryTargetMb:F0} MB at {MemoryTargetRows:N0} rows",
            rows >= MemoryTargetRows ? importMb < MemoryTargetMb : null, importMb));
        return lines;
    }

    private static void Print(BenchAllFigures f)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160; // a file or a pipe: one line per figure rather than 80 columns
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"indicators bench --rows {f.Rows:N0} on {f.Machine}"));
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("floor").RightAligned())
            .AddColumn(new TableColumn("ratio").RightAligned()).AddColumn("target").AddColumn("met").AddColumn(new TableColumn("peak MB").RightAligned());
        foreach (var l in f.Table)
        {
            table.AddRow(
                Markup.Escape(l.Measure),
                Markup.Escape(Number(l.Value, l.Unit)),
                Markup.Escape(l.Floor is { } floor ? Number(floor, l.Unit) + " (" + l.FloorName + ")" : string.Empty),
                Markup.Escape(l.Ratio is not { } r ? string.Empty : l.RatioKind == "share" ? r.ToString("P0", CultureInfo.InvariantCulture) : r.ToString("F1", CultureInfo.InvariantCulture) + "×"),
                Markup.Escape(l.Target),
                l.Met switch { true => "yes", false => "no", null => string.Empty },
                l.PeakMegabytes.ToString("F0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var note in f.Notes)
        {
            Console.WriteLine(note);
        }
    }

    private static string Number(double value, string unit) => unit switch
    {
        "rows/s" => value.ToString("N0", CultureInfo.InvariantCulture) + " rows/s",
        "MB" => value.ToString("F0", CultureInfo.InvariantCulture) + " MB",
        _ => value.ToString("F2", CultureInfo.InvariantCulture) + " s",
    };

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static T Child<T>(IReadOnlyList<string> args, IDictionary<string, string>? env = null)
    {
        var (exit, output) = SelfProcess.Run(args, TimeSpan.FromHours(2), env);
        if (exit != 0)
        {
            throw new InvalidOperationException($"indicators {string.Join(' ', args)} failed (exit {exit})");
        }

        return BenchJson.Read<T>(output);
    }

    /// <summary>Cores, memory, system, and the load average when the run began (other work on the machine shows there).</summary>
    public static string MachineDescription()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {memory:F0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {load} at start");
    }
}

/// <summary>One line of the <c>bench</c> table: a figure, its floor from the same run, the ratio and the target.</summary>
internal sealed record BenchLine(
    string Measure,
    double Value,
    string Unit,
    double? Floor,
    string FloorName,
    double? Ratio,
    string RatioKind,
    string Target,
    bool? Met,
    double PeakMegabytes);

/// <summary>What <c>bench --json</c> prints: the table's lines, notes, and each stage's own figures.</summary>
internal sealed record BenchAllFigures(
    int Rows,
    string Machine,
    IReadOnlyList<BenchLine> Table,
    IReadOnlyList<string> Notes,
    ImportFigures Import,
    PostgresFigures? Postgres,
    long? PostgresPeakWorkingSetBytes,
    ComputeFigures Compute,
    DropFigures Drop);
