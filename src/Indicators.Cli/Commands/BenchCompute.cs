using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Indicators.Geography;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators bench compute --rows N</c>: the time to compute the whole catalogue for every group
/// on N accepted rows in SQLite, beside one bare <c>SELECT SUM(weight)</c> over the same table in
/// the same run (the floor); then the time to build the three regional packs and the national one.
/// </summary>
internal static class BenchCompute
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Accepted rows, spread over the three regions.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the database (default: a temp folder, removed after)." };
        var json = CommonOptions.Json();
        var command = new Command("compute", "Benchmark the indicator computation against SELECT SUM(weight), and the pack build.") { rows, work, json };
        command.SetAction(parse =>
        {
            var figures = Run(parse.GetValue(rows), parse.GetValue(work), parse.GetValue(json) ? Console.Error : Console.Out);
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

    private static ComputeFigures Run(int rows, DirectoryInfo? work, TextWriter say)
    {
        var folder = work?.FullName ?? Path.Combine(Path.GetTempPath(), "indicators-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var quarter = Quarter.Parse("2025Q3");
            var db = Database.Open(Path.Combine(folder, $"compute-{rows}.db"));
            var sw = Stopwatch.StartNew();
            using (var c = db.Connect())
            {
                if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM responses") != rows)
                {
                    Populate(c, rows, quarter);
                }
            }

            say.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database: {rows:N0} accepted rows over 3 regions (ready in {sw.Elapsed.TotalSeconds:F1} s)"));
            using var connection = db.Connect();
            var floor = Best(() => connection.ExecuteScalar<double>("SELECT SUM(weight) FROM responses"));
            var engine = new IndicatorEngine();
            var read = Best(() =>
            {
                using var cmd = connection.CreateCommand();
                cmd.CommandText = "SELECT s.region_code, r.province, r.sex, r.age, r.category, r.weight, r.residence_status, r.health_coverage, r.care_needed_12m, r.care_received_12m, r.children_6_17, r.children_in_school, r.activity_status, r.formal_job, r.vocational_training_12m, r.language_course_12m, r.discrimination_12m, r.housing, r.years_in_region, r.remittances_12m_mad, r.investment_project FROM responses r JOIN submissions s ON s.id = r.submission_id";
                using var reader = cmd.ExecuteReader();
                var cells = 0L;
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        cells += reader.IsDBNull(i) ? 0 : 1;
                    }
                }
            });
            var native = Best(() =>
            {
                const string N = ", -1e308), coalesce(r.";
                var sql = "SELECT s.region_code, r.province, r.sex, coalesce(r.age" + N + "weight, -1e308), r.category, r.residence_status, coalesce(r.health_coverage" + N + "care_needed_12m" + N + "care_received_12m" + N + "children_6_17" + N + "children_in_school, -1e308), r.activity_status, coalesce(r.formal_job" + N + "vocational_training_12m" + N + "language_course_12m" + N + "discrimination_12m, -1e308), r.housing, coalesce(r.years_in_region" + N + "remittances_12m_mad" + N + "investment_project, -1e308) FROM responses r JOIN submissions s ON s.id = r.submission_id WHERE s.quarter = @q";
                bool[] text = [true, true, true, false, false, true, true, false, false, false, false, false, true, false, false, false, false, true, false, false, false];
                using var source = RowSource.Open(connection, sql, quarter.ToString(), text);
                var row = new double[text.Length];
                while (source.Next(row))
                {
                }
            });
            // A submission's first computation reads its rows from responses and writes its
            // blocks; every later one (each import recomputes its whole quarter) reads the blocks.
            connection.Execute("DELETE FROM response_blocks");
            var firstWatch = Stopwatch.StartNew();
            ComputeIndicators.Run(db, [quarter], engine);
            var first = firstWatch.Elapsed.TotalSeconds;
            QuarterResult? result = null;
            var sequential = Best(() => engine.Compute(connection, quarter));
            var compute = Best(() => result = engine.Compute(db, quarter));
            var store = Best(() => ComputeIndicators.Run(db, [quarter], engine));
            var packs = Path.Combine(folder, "packs");
            var builder = new PackBuilder(db);
            var pack = Best(() =>
            {
                foreach (var region in Reference.Default.Regions)
                {
                    builder.Build(new PackRequest(region.Code, quarter, Lang.Fr, packs));
                }

                builder.Build(new PackRequest(null, quarter, Lang.Fr, packs));
            });

            return new ComputeFigures(rows, floor, read, native, first, sequential, compute, store, pack, result!.Values.Count, Environment.ProcessorCount, BenchJson.PeakWorkingSet());
        }
        finally
        {
            if (work is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void Print(ComputeFigures f)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"stage",-44} {"seconds",8} {"× floor",8}"));
        Line("floor: SELECT SUM(weight) FROM responses", f.FloorSeconds, f.FloorSeconds);
        Line("read the same columns (ADO.NET, no work)", f.ReadSeconds, f.FloorSeconds);
        Line("read them as the engine does (no work)", f.NativeReadSeconds, f.FloorSeconds);
        Line("first computation and store (writes blocks)", f.FirstSeconds, f.FloorSeconds);
        Line("compute, one submission after another", f.SequentialSeconds, f.FloorSeconds);
        Line($"compute: {f.Values:N0} values, {f.Cores} cores", f.ComputeSeconds, f.FloorSeconds);
        Line("compute and store (ComputeIndicators.Run)", f.StoreSeconds, f.FloorSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"packs: 3 regions + national (fr)",-44} {f.PacksSeconds,8:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {f.PeakWorkingSetBytes / 1048576.0:F0} MB"));
    }

    private static void Line(string name, double seconds, double floor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {seconds,8:F3} {seconds / floor,8:F1}"));

    /// <summary>The best of three runs, after one warm-up (so the page cache is warm for every stage alike).</summary>
    private static double Best(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Synthetic accepted rows, generated inside SQLite (a recursive CTE), one submission per region.</summary>
    private static void Populate(System.Data.Common.DbConnection c, int rows, Quarter quarter)
    {
        c.Execute("DELETE FROM indicator_values; DELETE FROM indicator_run_submissions; DELETE FROM indicator_runs; DELETE FROM response_blocks; DELETE FROM responses; DELETE FROM submissions; DELETE FROM stored_files;");
        var regions = Reference.Default.Regions;
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            var count = (rows / regions.Count) + (r < rows % regions.Count ? 1 : 0);
            using var tx = c.BeginTransaction();
            var sha = $"bench-{region.Code}";
            c.Execute("INSERT INTO stored_files (sha256, size_bytes, path, created_at) VALUES (@sha, 0, @sha, '2025-10-01')", new { sha }, tx);
            var id = c.ExecuteScalar<long>(
                """
                INSERT INTO submissions (region_code, quarter, batch_label, file_name, sha256, size_bytes, form_id, form_version, status, is_active, rows_read, rows_accepted, source, created_at)
                VALUES (@code, @q, 'bench', 'bench.xlsx', @sha, 0, 'migration-survey', 1, 'accepted', 1, @count, @count, 'bench', '2025-10-01') RETURNING id
                """,
                new { code = region.Code, q = quarter.ToString(), sha, count },
                tx);
            var provinces = string.Join(" ", region.Provinces.Select((p, i) => $"WHEN {i} THEN '{p.Code}'"));
            c.Execute(
                $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count),
                r AS (SELECT i, abs(random()) % 100 AS cat, abs(random()) % 81 AS age, abs(random()) % 100 AS a, abs(random()) % 100 AS b, abs(random()) % 100 AS d,
                             abs(random()) % {region.Provinces.Count} AS prov FROM n)
                INSERT INTO responses (submission_id, row_number, respondent_id, interview_date, province, sex, age, nationality, category,
                    residence_status, years_in_region, health_coverage, care_needed_12m, care_received_12m, children_6_17, children_in_school,
                    activity_status, formal_job, vocational_training_12m, language_course_12m, discrimination_12m, housing,
                    remittances_12m_mad, investment_project, weight)
                SELECT @id, i + 1, 'R' || i, '2025-08-15', CASE prov {provinces} END, CASE WHEN a < 48 THEN 'F' ELSE 'M' END, age,
                    CASE WHEN cat < 55 THEN 'SEN' ELSE 'MAR' END,
                    CASE WHEN cat < 45 THEN 'IMM' WHEN cat < 55 THEN 'REF' WHEN cat < 75 THEN 'RET' ELSE 'MRE' END,
                    CASE WHEN cat < 55 THEN (CASE WHEN b < 40 THEN 'REG' WHEN b < 60 THEN 'PROC' ELSE 'IRR' END) END,
                    CASE WHEN d < 90 THEN min(age, d % 20) END,
                    b < 45, a < 30, CASE WHEN a < 30 THEN b < 70 END,
                    CASE WHEN age >= 18 THEN d % 4 END, CASE WHEN age >= 18 THEN (d % 4) * (b < 80) END,
                    CASE WHEN age >= 15 THEN (CASE WHEN b < 50 THEN 'EMP' WHEN b < 62 THEN 'UNEMP' WHEN b < 80 THEN 'STUDENT' ELSE 'INACTIVE' END) END,
                    CASE WHEN age >= 15 AND b < 50 THEN d < 40 END,
                    CASE WHEN d < 95 THEN a % 10 < 2 END, CASE WHEN d < 95 THEN b % 10 < 3 END, CASE WHEN d < 95 THEN d % 10 < 2 END,
                    CASE d % 5 WHEN 0 THEN 'OWNER' WHEN 1 THEN 'TENANT' WHEN 2 THEN 'SHARED' WHEN 3 THEN 'HOSTED' ELSE 'PRECARIOUS' END,
                    CASE WHEN d < 90 THEN (CASE WHEN a < 40 THEN 500.0 * (1 + b) ELSE 0 END) END,
                    CASE WHEN cat >= 55 THEN a < 20 END,
                    0.5 + (a % 40) / 20.0
                FROM r
                """,
                new { count, id },
                tx);
            tx.Commit();
        }
    }
}
