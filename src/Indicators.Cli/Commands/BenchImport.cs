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
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Rows in the generated sheet.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the generated sheet and database (default: a temp folder, removed after)." };
        var only = new Option<string?>("--only") { Description = "Stages to run, comma-separated: read, validate, import (the floor always runs)." };
        var db = new Option<string?>("--db") { Description = "A PostgreSQL connection string: also import there, beside a bare binary COPY of the same rows (in a schema of its own, dropped after)." };
        var command = new Command("import", "Benchmark reading, validation and import against the XML floor (and PostgreSQL against binary COPY).") { rows, work, only, db };
        command.SetAction(parse => Run(parse.GetValue(rows), parse.GetValue(work), parse.GetValue(only), parse.GetValue(db)));
        return command;
    }

    private static int Run(int rows, DirectoryInfo? work, string? only, string? pg)
    {
        var stages = (only ?? "read,validate,import").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
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
                using var stream = File.Create(sheetPath);
                new SampleSheet(FormDefinition.Default).Write(stream, region, quarter, new SampleSheet.Options(rows, Seed: 7, ErrorRate: 0.01));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sheet: {rows:N0} rows, {new FileInfo(sheetPath).Length / 1048576.0:F1} MB xlsx (generated in {sw.Elapsed.TotalSeconds:F1} s)"));

            var xmlPath = Path.Combine(folder, "sheet1.xml");
            using (var zip = ZipFile.OpenRead(sheetPath))
            {
                zip.GetEntry("xl/worksheets/sheet1.xml")!.ExtractToFile(xmlPath, overwrite: true);
            }

            var floor = Time(() =>
            {
                using var xml = XmlReader.Create(xmlPath, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                while (xml.Read())
                {
                }
            });
            var readOnly = !stages.Contains("read") ? TimeSpan.Zero : Time(() =>
            {
                using var book = WorkbookFile.Open(sheetPath, "bench.xlsx");
                using var sheet = book.OpenSheet(0);
                var row = new SheetRow();
                while (sheet.Read(row))
                {
                }
            });
            var validated = 0;
            var readValidate = !stages.Contains("validate") ? TimeSpan.Zero : Time(() =>
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
                    if (validator.Validate(row, sink))
                    {
                        validated++;
                    }
                }
            });
            ImportResult? result = null;
            var dbPath = Path.Combine(folder, $"bench-{Guid.NewGuid():N}.db");
            var database = Database.Open(dbPath);
            var import = !stages.Contains("import") ? TimeSpan.Zero : Time(() =>
            {
                result = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System)
                    .Run(new ImportRequest(sheetPath, "bench.xlsx", "09", "2025Q3"));
            });

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("stage").AddColumn("seconds").AddColumn("rows/s").AddColumn("share of floor's rows/s");
            void Add(string stage, TimeSpan t)
            {
                if (t == TimeSpan.Zero)
                {
                    return;
                }

                table.AddRow(
                stage,
                t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                (rows / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture),
                (floor.TotalSeconds / t.TotalSeconds).ToString("P0", CultureInfo.InvariantCulture));
            }

            Add("floor: XmlReader over unzipped sheet XML", floor);
            Add("read (unzip + cells)", readOnly);
            Add("read + validate", readValidate);
            Add("read + validate + insert (SQLite)", import);
            AnsiConsole.Write(table);
            if (pg is not null)
            {
                BenchPostgres.Run(pg, sheetPath, rows);
            }

            Console.WriteLine(result is null ? string.Empty : string.Create(CultureInfo.InvariantCulture,
                $"import: {result.Status}, {result.RowsAccepted:N0} accepted, {result.RowsRejected:N0} rejected; validated without storing: {validated:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
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

    private static TimeSpan Time(Action action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed;
    }
}
