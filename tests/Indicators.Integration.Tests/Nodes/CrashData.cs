using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Submissions;

namespace Indicators.Tests.Nodes;

/// <summary>
/// What the crash tests share: enough stored rows that computing a quarter and building its packs
/// take a while (so a kill lands in the middle), dropped sheets, and the checks that a crash left
/// nothing half done (rows, figures, packs).
/// </summary>
internal static class CrashData
{
    /// <summary>
    /// One accepted submission per region of <paramref name="quarter"/> with <paramref name="rowsPerRegion"/>
    /// synthetic rows, generated inside the database (as <c>indicators bench compute</c> does).
    /// </summary>
    public static void Populate(Database db, string quarter, int rowsPerRegion)
    {
        var pg = db.Dialect == Dialect.Postgres;
        using var c = db.Connect();
        foreach (var region in Reference.Default.Regions)
        {
            using var tx = c.BeginTransaction();
            var sha = $"crash-{region.Code}-{quarter}";
            c.Execute("INSERT INTO stored_files (sha256, size_bytes, path, created_at) VALUES (@sha, 0, @sha, '2025-10-01')", new { sha }, tx);
            var id = c.ExecuteScalar<long>(
                """
                INSERT INTO submissions (region_code, quarter, batch_label, file_name, sha256, size_bytes, form_id, form_version, status, is_active, rows_read, rows_accepted, source, created_at, completed_at)
                VALUES (@code, @quarter, 'synthetic', 'synthetic.xlsx', @sha, 0, 'migration-survey', 1, 'accepted', 1, @count, @count, 'cli', '2025-10-01', '2025-10-01') RETURNING id
                """,
                new { code = region.Code, quarter, sha, count = rowsPerRegion },
                tx);
            var provinces = string.Join(" ", region.Provinces.Select((p, i) => $"WHEN {i} THEN '{p.Code}'"));
            string Random(int n) => pg ? $"floor(random() * {n})::int" : $"abs(random()) % {n}";
            var numbers = pg ? "n AS (SELECT generate_series(1, @count) AS i)" : "RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)";
            c.Execute(
                $"""
                WITH {numbers},
                r AS (SELECT i, {Random(100)} AS cat, {Random(81)} AS age, {Random(100)} AS a, {Random(100)} AS b, {Random(100)} AS d,
                             {Random(region.Provinces.Count)} AS prov FROM n)
                INSERT INTO responses (submission_id, row_number, respondent_id, interview_date, province, sex, age, nationality, category,
                    residence_status, years_in_region, health_coverage, care_needed_12m, care_received_12m, children_6_17, children_in_school,
                    activity_status, formal_job, vocational_training_12m, language_course_12m, discrimination_12m, housing,
                    remittances_12m_mad, investment_project, weight)
                SELECT @id, i + 1, 'S' || i, '2025-08-15', CASE prov {provinces} END, CASE WHEN a < 48 THEN 'F' ELSE 'M' END, age,
                    CASE WHEN cat < 55 THEN 'SEN' ELSE 'MAR' END,
                    CASE WHEN cat < 45 THEN 'IMM' WHEN cat < 55 THEN 'REF' WHEN cat < 75 THEN 'RET' ELSE 'MRE' END,
                    CASE WHEN cat < 55 THEN (CASE WHEN b < 40 THEN 'REG' WHEN b < 60 THEN 'PROC' ELSE 'IRR' END) END,
                    CASE WHEN d < 90 THEN (CASE WHEN age < d % 20 THEN age ELSE d % 20 END) END,
                    CASE WHEN b < 45 THEN 1 ELSE 0 END, CASE WHEN a < 30 THEN 1 ELSE 0 END, CASE WHEN a < 30 THEN (CASE WHEN b < 70 THEN 1 ELSE 0 END) END,
                    CASE WHEN age >= 18 THEN d % 4 END, CASE WHEN age >= 18 THEN (CASE WHEN b < 80 THEN d % 4 ELSE 0 END) END,
                    CASE WHEN age >= 15 THEN (CASE WHEN b < 50 THEN 'EMP' WHEN b < 62 THEN 'UNEMP' WHEN b < 80 THEN 'STUDENT' ELSE 'INACTIVE' END) END,
                    CASE WHEN age >= 15 AND b < 50 THEN (CASE WHEN d < 40 THEN 1 ELSE 0 END) END,
                    CASE WHEN d < 95 THEN (CASE WHEN a % 10 < 2 THEN 1 ELSE 0 END) END, CASE WHEN d < 95 THEN (CASE WHEN b % 10 < 3 THEN 1 ELSE 0 END) END,
                    CASE WHEN d < 95 THEN (CASE WHEN d % 10 < 2 THEN 1 ELSE 0 END) END,
                    CASE d % 5 WHEN 0 THEN 'OWNER' WHEN 1 THEN 'TENANT' WHEN 2 THEN 'SHARED' WHEN 3 THEN 'HOSTED' ELSE 'PRECARIOUS' END,
                    CASE WHEN d < 90 THEN (CASE WHEN a < 40 THEN 500.0 * (1 + b) ELSE 0 END) END,
                    CASE WHEN cat >= 55 THEN (CASE WHEN a < 20 THEN 1 ELSE 0 END) END,
                    0.5 + (a % 40) / 20.0
                FROM r
                """,
                new { count = rowsPerRegion, id },
                tx);
            tx.Commit();
        }
    }

    /// <summary>A generated sheet written beside the inbox, then moved into <c>inbox/region/quarter/</c> whole.</summary>
    public static string Drop(string inbox, string region, string quarter, string name, int rows, int seed)
    {
        var folder = Path.Combine(inbox, "inbox", region, quarter);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(inbox, name + ".tmp");
        using (var stream = File.Create(temp))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.FindRegion(region)!, Quarter.Parse(quarter), new SampleSheet.Options(rows, seed));
        }

        var path = Path.Combine(folder, name);
        File.Move(temp, path);
        return path;
    }

    /// <summary>Waits for <paramref name="done"/>, looking every 20 ms (a stage of a second is not missed).</summary>
    public static void Until(Func<bool> done, TimeSpan timeout, Func<string> what, params WorkerProcess[] workers)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                var logs = string.Join("\n", workers.Select(w => $"--- {w.Log}\n" + (File.Exists(w.Log) ? string.Join("\n", File.ReadLines(w.Log).TakeLast(30)) : string.Empty)));
                throw new TimeoutException($"{what()}: not after {timeout.TotalSeconds} s.\n{logs}");
            }

            Thread.Sleep(20);
        }
    }

    public static long Count(Database db, string sql, object? args = null)
    {
        using var c = db.Connect();
        return c.ExecuteScalar<long>(sql, args);
    }

    public static string History(Database db)
    {
        using var c = db.Connect();
        return string.Join("\n", c.Query<string>("SELECT id || ' ' || job || ' ' || parameters || ' ' || node || ' ' || outcome || ' ' || started_at || ' ' || coalesce(note, '') || coalesce(error, '') || ' [' || fire_key || ']' FROM job_runs ORDER BY id"));
    }

    /// <summary>
    /// No partial rows: every submission holds exactly the rows it counts as accepted (a pending
    /// one none), one active submission per region, quarter and batch, and each quarter's figures
    /// all come from one run. Returns what is wrong, or null.
    /// </summary>
    public static string? PartialRows(Database db)
    {
        using var c = db.Connect();
        var problems = new List<string>();
        problems.AddRange(c.Query<string>(
            """
            SELECT 'submission ' || s.id || ' (' || s.status || ') counts ' || s.rows_accepted || ' rows accepted but holds ' || COUNT(r.submission_id)
            FROM submissions s LEFT JOIN responses r ON r.submission_id = s.id
            GROUP BY s.id, s.status, s.rows_accepted
            HAVING COUNT(r.submission_id) <> (CASE WHEN s.status IN ('accepted', 'accepted_with_errors') THEN s.rows_accepted ELSE 0 END)
            """));
        problems.AddRange(c.Query<string>(
            "SELECT 'two active submissions for ' || region_code || ' ' || quarter || ' ' || batch_label FROM submissions WHERE is_active = 1 GROUP BY region_code, quarter, batch_label HAVING COUNT(*) > 1"));
        problems.AddRange(c.Query<string>(
            "SELECT 'figures of ' || quarter || ' come from ' || COUNT(DISTINCT run_id) || ' runs' FROM indicator_values GROUP BY quarter HAVING COUNT(DISTINCT run_id) <> 1"));
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Whether the figures of every quarter were computed from exactly its active submissions (and
    /// their rows): what is stale, or null.
    /// </summary>
    public static string? StaleFigures(Database db)
    {
        using var c = db.Connect();
        var problems = new List<string>();
        foreach (var quarter in c.Query<string>("SELECT DISTINCT quarter FROM submissions WHERE is_active = 1 AND status IN ('accepted', 'accepted_with_errors') ORDER BY quarter"))
        {
            var active = c.Query<long>("SELECT id FROM submissions WHERE quarter = @quarter AND is_active = 1 AND status IN ('accepted', 'accepted_with_errors') ORDER BY id", new { quarter }).ToList();
            var run = c.QueryFirstOrDefault<long?>("SELECT MAX(run_id) FROM indicator_values WHERE quarter = @quarter", new { quarter });
            var used = run is null ? [] : c.Query<long>("SELECT submission_id FROM indicator_run_submissions WHERE run_id = @run ORDER BY submission_id", new { run }).ToList();
            if (!active.SequenceEqual(used))
            {
                problems.Add($"{quarter}: figures from run {run?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} of submissions [{string.Join(",", used)}], active [{string.Join(",", active)}]");
                continue;
            }

            var rows = c.ExecuteScalar<long>("SELECT SUM(rows_accepted) FROM submissions WHERE quarter = @quarter AND is_active = 1 AND status IN ('accepted', 'accepted_with_errors')", new { quarter });
            var rowsUsed = c.ExecuteScalar<long>("SELECT rows_used FROM indicator_runs WHERE id = @run", new { run });
            if (rows != rowsUsed)
            {
                problems.Add($"{quarter}: run {run} used {rowsUsed} rows of {rows}");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Every <c>*.zip</c> in <paramref name="folder"/> opens, and each file it lists in its manifest
    /// is there with the bytes the manifest's SHA-256 names: a whole pack, never half of one.
    /// Returns the packs' manifests by file name.
    /// </summary>
    public static Dictionary<string, JsonDocument> WholePacks(string folder)
    {
        var manifests = new Dictionary<string, JsonDocument>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return manifests;
        }

        foreach (var path in Directory.GetFiles(folder, "*.zip").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            using var zip = ZipFile.OpenRead(path);
            var manifestEntry = zip.GetEntry("manifest.json") ?? throw new InvalidDataException($"{name}: no manifest");
            JsonDocument manifest;
            using (var s = manifestEntry.Open())
            {
                manifest = JsonDocument.Parse(s);
            }

            var listed = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
            Assert.True(listed.Count >= 3, $"{name}: the manifest lists {listed.Count} files");
            foreach (var file in listed)
            {
                var entryName = file.GetProperty("path").GetString()!;
                var entry = zip.GetEntry(entryName) ?? throw new InvalidDataException($"{name}: {entryName} missing");
                using var s = entry.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                Assert.True(file.GetProperty("sha256").GetString() == Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())), $"{name}: {entryName} is not what its manifest says");
            }

            Assert.Equal(listed.Count + 1, zip.Entries.Count);
            manifests[name] = manifest;
        }

        return manifests;
    }
}
