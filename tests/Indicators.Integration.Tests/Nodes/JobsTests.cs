using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Jobs;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Submissions;

namespace Indicators.Tests.Nodes;

/// <summary>The schedule as data, and real worker processes on SQLite and on PostgreSQL.</summary>
[Collection(NodesCollection.Name)]
public sealed class JobsTests : IDisposable
{
    private readonly TestWorkspace work = new();

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData("""{ "jobs": { "ScanDropFolders": "every minute" } }""", "cron of ScanDropFolders is not valid")]
    [InlineData("""{ "jobs": { "MakeCoffee": "0 * * * * ?" } }""", "unknown job 'MakeCoffee'")]
    [InlineData("""{ "tasks": {} }""", "not a schedule")]
    public void A_bad_schedule_stops_start_up_with_a_clear_message(string json, string expected)
    {
        var path = work.PathOf("schedule.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ScheduleException>(() => Schedule.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);

        var cli = Cli.CliRunner.Run(work.Folder, new Dictionary<string, string> { ["INDICATORS_SCHEDULE"] = path }, "worker", "--db", work.PathOf("w.db"), "--inbox", work.PathOf("drop"));
        Assert.Equal(2, cli.Exit);
        Assert.Contains(expected, cli.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_schedule_is_valid_and_names_every_periodic_job()
    {
        var schedule = Schedule.Load();
        Assert.Equal(JobNames.Scheduled.Order(), schedule.Crons.Keys.Order());
    }

    [Fact]
    public void A_worker_imports_a_dropped_sheet_computes_and_builds_packs_and_keeps_a_history()
    {
        var db = work.PathOf("w.db");
        var inbox = work.PathOf("drop");
        using var worker = new WorkerProcess(work.Folder, db, inbox, "a");
        var sheet = CrashData.Drop(inbox, "souss-massa", "2025Q3", "sheet.xlsx", rows: 200, seed: 1);
        var database = Database.Open(db);
        WorkerProcess.WaitFor(() => File.Exists(Path.Combine(inbox, "processed", "souss-massa", "2025Q3", "sheet.xlsx")), TimeSpan.FromSeconds(120), "the sheet processed", worker);
        Assert.False(File.Exists(sheet));
        Assert.True(File.Exists(Path.Combine(inbox, "processed", "souss-massa", "2025Q3", "sheet.xlsx.errors.json")));
        Assert.Equal(200, WorkerProcess.Count(database, "SELECT COUNT(*) FROM responses"));
        WorkerProcess.WaitFor(() => WorkerProcess.Count(database, "SELECT COUNT(*) FROM job_runs WHERE job = 'BuildPacks' AND outcome = 'succeeded'") > 0, TimeSpan.FromSeconds(120), "packs built", worker);
        Assert.Equal(2, Directory.GetFiles(work.PathOf("packs"), "souss-massa-2025Q3-*.zip").Length);
        using var c = database.Connect();
        var jobs = c.Query<string>("SELECT job FROM job_runs WHERE outcome = 'succeeded'").ToHashSet();
        Assert.Superset(new HashSet<string> { JobNames.ScanDropFolders, JobNames.BuildPacks }, jobs);

        // The figures were computed once for the dropped sheet (by the scan), from that submission.
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM indicator_runs WHERE quarter = '2025Q3'"));
        Assert.Equal(200, c.ExecuteScalar<long>("SELECT rows_used FROM indicator_runs WHERE quarter = '2025Q3'"));

        var history = Cli.CliRunner.Run(work.Folder, null, "jobs", "--db", db, "--json");
        Assert.Equal(0, history.Exit);
        Assert.Contains("\"job\":\"BuildPacks\"", history.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_postgres_nodes_fire_each_trigger_once_and_finish_the_import_of_a_node_killed_mid_way()
    {
        var pg = PostgresServer.CreateDatabase();
        var database = Database.Open(pg, work.PathOf("files"));
        var inbox = work.PathOf("drop");
        DropFolderLayout(inbox);
        using var a = new WorkerProcess(work.Folder, pg, inbox, "a");
        using var b = new WorkerProcess(work.Folder, pg, inbox, "b");

        // Several files: each imported exactly once, whichever node scans.
        // (Sample sheets of one region and quarter share respondent ids: one file per region and quarter.)
        var names = new[] { ("souss-massa", "2025Q3", "s1.xlsx"), ("oriental", "2025Q3", "o1.xlsx"), ("beni-mellal-khenifra", "2025Q3", "b1.xlsx"), ("souss-massa", "2025Q2", "s2.xlsx") };
        var seed = 10;
        foreach (var (region, quarter, name) in names)
        {
            CrashData.Drop(inbox, region, quarter, name, rows: 60, seed: seed++);
        }

        WorkerProcess.WaitFor(() => names.All(n => File.Exists(Path.Combine(inbox, "processed", n.Item1, n.Item2, n.Item3))), TimeSpan.FromSeconds(90), () => "four sheets processed: " + string.Join(", ", Directory.GetFiles(inbox, "*", SearchOption.AllDirectories)) + "\n" + History(database), a, b);
        Assert.Equal(4, WorkerProcess.Count(database, "SELECT COUNT(*) FROM submissions WHERE status = 'accepted'"));
        Assert.Equal(240, WorkerProcess.Count(database, "SELECT COUNT(*) FROM responses"));

        // A big sheet; kill -9 the node that is importing it; the other completes that submission once.
        var big = CrashData.Drop(inbox, "oriental", "2025Q4", "big.xlsx", rows: 150_000, seed: 99);
        WorkerProcess.WaitFor(() => WorkerProcess.Count(database, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'") == 1, TimeSpan.FromSeconds(60), "the big import under way", a, b);
        var pendingId = WorkerProcess.Count(database, "SELECT id FROM submissions WHERE status = 'pending'");
        string? node;
        using (var c = database.Connect())
        {
            node = c.ExecuteScalar<string?>("SELECT node FROM job_runs WHERE job = 'ScanDropFolders' AND outcome = 'running' ORDER BY id DESC LIMIT 1");
        }

        Assert.True(node is "a" or "b", "no node is running the big import");
        var (victim, survivor) = node == "a" ? (a, b) : (b, a);
        victim.Kill();

        // The kill landed mid-import: nothing of it is stored, the submission still pending.
        Assert.Equal("pending", Scalar<string>(database, "SELECT status FROM submissions WHERE id = @pendingId", new { pendingId }));
        Assert.Equal(0, WorkerProcess.Count(database, "SELECT COUNT(*) FROM responses WHERE submission_id = @pendingId", new { pendingId }));
        WorkerProcess.WaitFor(() => File.Exists(Path.Combine(inbox, "processed", "oriental", "2025Q4", "big.xlsx")), TimeSpan.FromSeconds(150), () => "the big sheet finished by the other node\n" + History(database), survivor);
        Assert.False(File.Exists(big));
        Assert.Equal("accepted", Scalar<string>(database, "SELECT status FROM submissions WHERE id = @pendingId", new { pendingId }));
        Assert.Equal(150_000, WorkerProcess.Count(database, "SELECT COUNT(*) FROM responses WHERE submission_id = @pendingId", new { pendingId }));
        Assert.Equal(0, WorkerProcess.Count(database, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'"));
        Assert.Equal(5, WorkerProcess.Count(database, "SELECT COUNT(*) FROM submissions"));

        // Each scheduled fire ran on one node only: no node found a schedule fire already taken.
        Assert.Equal(0, WorkerProcess.Count(database, "SELECT COUNT(*) FROM job_runs WHERE outcome = 'skipped' AND fire_key LIKE '%.schedule|%'"));

    }

    private static string History(Database db)
    {
        using var c = db.Connect();
        return string.Join("\n", c.Query<string>("SELECT job || ' ' || node || ' ' || outcome || ' ' || coalesce(note, '') || coalesce(error, '') FROM job_runs ORDER BY id"));
    }

    private static T Scalar<T>(Database db, string sql, object args)
    {
        using var c = db.Connect();
        return c.ExecuteScalar<T>(sql, args)!;
    }

    private static void DropFolderLayout(string root) => global::Indicators.Inbox.DropFolder.EnsureLayout(root);
}
