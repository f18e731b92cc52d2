using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Submissions.Validation;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators bench import --rows N</c>: rows/s of reading, reading+validating and the whole
/// import into SQLite, each beside the floor measured in the same run on the same file: one
/// XmlReader pass over the unzipped sheet XML doing nothing else.
/// </summary>
internal static class BenchImport
{
    /// <summary>How <c>bench</c> hands its PostgreSQL to this stage's child process (a connection string may hold a password: not on a command line).</summary>
    public const string PostgresVariable = "INDICATORS_BENCH_PG";

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the generated sheet.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the generated sheet and database (default: a temp folder, removed after); a sheet already there is reused." };
        var only = new Option<string?>("--only") { Description = "Stages to run, comma-separated: read, validate, import, postgres (default: all; postgres needs --db). The XML floor runs with any of the first three." };
        var db = new Option<string?>("--db")
        {
            Description = $"A PostgreSQL connection string: also import there, beside a bare binary COPY of the same rows (in a schema of its own, dropped after); default {PostgresVariable}, if set.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } given ? given : null,
        };
        var repeat = new Option<int>("--repeat") { Description = "Rounds of the stages, one after another (floor, read, validate, import, then again; PostgreSQL's import and COPY after): each figure is its best round.", DefaultValueFactory = _ => 3 };
        var json = CommonOptions.Json();
        var command = new Command("import", "Benchmark reading, validation and import against the XML floor (and PostgreSQL against binary COPY).") { rows, work, only, db, repeat, json };
        command.SetAction(parse =>
        {
            var figures = Run(parse.GetValue(rows), parse.GetValue(work), parse.GetValue(only), parse.GetValue(db), Math.Max(1, parse.GetValue(repeat)), parse.GetValue(json) ? Console.Error : Console.Out);
            if (parse.GetValue(json))
            {
                BenchJson.Print(figures);
            }
            else
            {
                Print(figures);
            }

            return 0;
        });
        return command;
    }

    private static ImportFigures Run(int rows, DirectoryInfo? work, string? only, string? pg, int repeat, TextWriter say)
    {
        var stages = (only ?? "read,validate,import,postgres").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (pg is null)
        {
            stages.Remove("postgres");
        }

        var folder = work?.FullName ?? Path.Combine(Path.GetTempPath(), "indicators-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var region = Reference.Default.GetRegion("09");
            var quarter = Quarter.Parse("2025Q3");
            var sheetPath = Path.Combine(folder, $"bench-{rows}.xlsx");
            var sw = Stopwatch.StartNew();
            if (!File.Exists(sheetPath))
            {
                // Written aside and renamed: an interrupted run leaves no half sheet to be reused.
                using (var stream = File.Create(sheetPath + ".partial"))
                {
                    new SampleSheet(FormDefinition.Default).Write(stream, region, quarter, new SampleSheet.Options(rows, Seed: 7, ErrorRate: 0.01));
                }

                File.Move(sheetPath + ".partial", sheetPath, overwrite: true);
            }

            var megabytes = new FileInfo(sheetPath).Length / 1048576.0;
            say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sheet: {rows:N0} rows, {megabytes:F1} MB xlsx (ready in {sw.Elapsed.TotalSeconds:F1} s)"));

            // The rounds interleave the stages, so that a slower spell of the machine (this one shares
            // its host) falls on every stage alike; each figure is its fastest round.
            TimeSpan? floor = null, readOnly = null, readValidate = null, import = null;
            ImportResult? result = null;
            var xmlPath = Path.Combine(folder, "sheet1.xml");
            var needsFloor = stages.Overlaps(["read", "validate", "import"]);
            if (needsFloor)
            {
                using var zip = ZipFile.OpenRead(sheetPath);
                zip.GetEntry("xl/worksheets/sheet1.xml")!.ExtractToFile(xmlPath, overwrite: true);
            }

            try
            {
                for (var round = 1; round <= repeat; round++)
                {
                    if (needsFloor)
                    {
                        floor = Best(floor, Time(() =>
                        {
                            using var xml = XmlReader.Create(xmlPath, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                            while (xml.Read())
                            {
                            }
                        }));
                    }

                    if (stages.Contains("read"))
                    {
                        readOnly = Best(readOnly, Time(() =>
                        {
                            using var book = WorkbookFile.Open(sheetPath, "bench.xlsx");
                            using var sheet = book.OpenSheet(0);
                            var row = new SheetRow();
                            while (sheet.Read(row))
                            {
                            }
                        }));
                    }

                    if (stages.Contains("validate"))
                    {
                        readValidate = Best(readValidate, Time(() =>
                        {
                            using var book = WorkbookFile.Open(sheetPath, "bench.xlsx");
                            var errors = new ErrorFactory(Messages.Default);
                            using var header = HeaderDetector.Find(book, FormDefinition.Default, errors)!;
                            var validator = new RowValidator(FormDefinition.Default, header.Bindings, region, quarter, book.Date1904, header.SheetName, errors, Reference.Default, new RespondentRegistry(Messages.Default));
                            var row = new SheetRow();
                            var sink = new List<ImportError>();
                            while (header.Reader.Read(row))
                            {
                                sink.Clear();
                                validator.Validate(row, sink);
                            }
                        }));
                    }

                    if (stages.Contains("import"))
                    {
                        var dbPath = Path.Combine(folder, $"bench-{Guid.NewGuid():N}.db");
                        var database = Database.Open(dbPath);
                        ImportResult? run = null;
                        var time = Time(() =>
                        {
                            run = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System)
                                .Run(new ImportRequest(sheetPath, "bench.xlsx", "09", "2025Q3"));
                        });

                        // A round that ended otherwise (a quick failure) must not pass for the best one.
                        if (result is not null && (run!.Status, run.RowsAccepted) != (result.Status, result.RowsAccepted))
                        {
                            throw new InvalidOperationException($"round {round} imported {run.Status} with {run.RowsAccepted} rows, round 1 {result.Status} with {result.RowsAccepted}");
                        }

                        result ??= run;
                        import = Best(import, time);
                        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                        DeleteDatabase(dbPath);
                    }

                    say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} of {repeat} done"));
                }
            }
            finally
            {
                File.Delete(xmlPath);
            }

            // PostgreSQL's rounds each run in a schema of their own (a second import of the same file
            // in one would be a duplicate); the best import and the best COPY are kept.
            PostgresFigures? postgres = null;
            for (var round = 1; stages.Contains("postgres") && round <= repeat; round++)
            {
                var run = BenchPostgres.Run(pg!, sheetPath);
                if (postgres is not null && (run.Status, run.RowsAccepted) != (postgres.Status, postgres.RowsAccepted))
                {
                    throw new InvalidOperationException($"PostgreSQL round {round} imported {run.Status} with {run.RowsAccepted} rows, round 1 {postgres.Status} with {postgres.RowsAccepted}");
                }

                postgres = postgres is null ? run : postgres with
                {
                    CopySeconds = Math.Min(postgres.CopySeconds, run.CopySeconds),
                    ImportSeconds = Math.Min(postgres.ImportSeconds, run.ImportSeconds),
                };
                say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL round {round} of {repeat} done"));
            }

            return new ImportFigures(
                rows,
                megabytes,
                floor?.TotalSeconds,
                readOnly?.TotalSeconds,
                readValidate?.TotalSeconds,
                import?.TotalSeconds,
                result?.Status,
                result?.RowsAccepted ?? 0,
                postgres,
                BenchJson.PeakWorkingSet());
        }
        finally
        {
            if (work is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void Print(ImportFigures f)
    {
        if (f.FloorSeconds is { } floor)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("stage").AddColumn("seconds").AddColumn("rows/s").AddColumn("share of floor's rows/s");
            void Add(string stage, double? seconds)
            {
                if (seconds is not { } t)
                {
                    return;
                }

                table.AddRow(
                    stage,
                    t.ToString("F2", CultureInfo.InvariantCulture),
                    (f.Rows / t).ToString("N0", CultureInfo.InvariantCulture),
                    (floor / t).ToString("P0", CultureInfo.InvariantCulture));
            }

            Add("floor: XmlReader over unzipped sheet XML", floor);
            Add("read (unzip + cells)", f.ReadSeconds);
            Add("read + validate", f.ValidateSeconds);
            Add("read + validate + insert (SQLite)", f.ImportSeconds);
            AnsiConsole.Write(table);
        }

        if (f.Postgres is { } pg)
        {
            BenchPostgres.Print(pg, f.Rows);
        }

        if (f.Status is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import: {f.Status}, {f.RowsAccepted:N0} accepted, {f.Rows - f.RowsAccepted:N0} rejected"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {f.PeakWorkingSetBytes / 1048576.0:F0} MB"));
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }

    private static TimeSpan Best(TimeSpan? best, TimeSpan time) => best is { } b && b < time ? b : time;

    private static TimeSpan Time(Action action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed;
    }
}
