using Dapper;
using Indicators.Inbox;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Tests.Nodes;

/// <summary>
/// <c>kill -9</c> of a worker node in the middle of an import, of a computation and of a pack
/// build, then a node started again (on PostgreSQL a second node runs throughout and takes over
/// the dead one's work): every submission ends once with all its rows, each quarter's figures come
/// from one run of exactly its active submissions, and every pack in the folder is whole.
/// </summary>
[Collection(NodesCollection.Name)]
public abstract class CrashTests : IDisposable
{
    private const string Quarter = "2025Q3";

    private readonly TestWorkspace work;
    private readonly List<WorkerProcess> nodes = [];
    private int started;

    protected CrashTests(Backend backend)
    {
        work = new TestWorkspace(backend);
        Target = backend == Backend.Postgres ? work.Db.ConnectionString : work.Db.Display;
        DropFolder.EnsureLayout(Inbox);
    }

    private Database Db => work.Db;

    private string Target { get; }

    private string Inbox => work.PathOf("drop");

    private string Packs => work.PathOf("packs");

    private bool Clustered => work.Backend == Backend.Postgres;

    public void Dispose()
    {
        nodes.ForEach(n => n.Dispose());
        work.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void A_node_killed_while_importing_computing_or_building_packs_leaves_nothing_half_done()
    {
        // Enough rows that computing the quarter takes a second or more, and eight quarters of
        // figures for the packs' trends.
        // (PostgreSQL reads rows several times slower than SQLite: fewer make as long a stage.)
        CrashData.Populate(Db, Quarter, Clustered ? 30_000 : 100_000);
        foreach (var q in new[] { "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2" })
        {
            CrashData.Populate(Db, q, 2_000);
        }

        ComputeIndicators.Run(Db);
        Start();
        if (Clustered)
        {
            Start();
        }

        // 1. During an import: nothing of it stored, the same submission completed after the restart.
        // (On PostgreSQL, JobsTests kills a node in the middle of an import already.)
        if (!Clustered)
        {
            CrashData.Drop(Inbox, "oriental", Quarter, "big.xlsx", rows: 60_000, seed: 7);
            var big = 0L;
            CrashData.Until(() => (big = Pending("big.xlsx")) > 0, TimeSpan.FromSeconds(60), () => "the big import under way", [.. nodes]);
            KillRunning("ScanDropFolders");
            Assert.Equal("pending", Status(big));
            Assert.Equal(0, CrashData.Count(Db, "SELECT COUNT(*) FROM responses WHERE submission_id = @big", new { big }));
            Assert.Null(CrashData.PartialRows(Db));
            WaitSettled("big.xlsx");
            Assert.Equal("accepted", Status(big));
            Assert.Equal(60_000, CrashData.Count(Db, "SELECT COUNT(*) FROM responses WHERE submission_id = @big", new { big }));
        }

        // 2. During the computation that follows an import (the scan has stored and moved the
        // sheet, and is computing the quarter): the figures stay those of one run, and are brought
        // up to date after the restart.
        var mark = LastRun();
        CrashData.Drop(Inbox, "beni-mellal-khenifra", Quarter, "small.xlsx", rows: 2_000, seed: 8);
        CrashData.Until(() => Accepted("small.xlsx") && Running("ScanDropFolders", mark), TimeSpan.FromSeconds(60), () => "the scan computing after the small import\n" + CrashData.History(Db), [.. nodes]);
        KillRunning("ScanDropFolders");
        Assert.Null(CrashData.PartialRows(Db));
        Assert.NotNull(CrashData.StaleFigures(Db)); // the kill landed before the new figures were stored
        WaitSettled("small.xlsx", idle: false); // (on PostgreSQL the dead node's run is taken over later: see the end)

        // 3. During a pack build: every zip in the folder is whole; the build is done again after
        // the restart, and no temporary file of the dead node is left.
        mark = LastRun();
        CrashData.Drop(Inbox, "souss-massa", Quarter, "third.xlsx", rows: 2_000, seed: 9);
        CrashData.Until(() => Running("BuildPacks", mark), TimeSpan.FromSeconds(90), () => "a pack build\n" + CrashData.History(Db), [.. nodes]);
        var (killed, victim) = KillRunning("BuildPacks");
        Assert.Equal("running", Outcome(killed)); // the kill landed mid-build
        CrashData.WholePacks(Packs);
        Assert.Null(CrashData.PartialRows(Db));

        // What the dead node leaves when the kill lands while it writes a zip (the window is short:
        // made sure of here), and a live process's build in progress, which must be left alone.
        var deadPartial = Path.Combine(Packs, $"oriental-{Quarter}-fr.zip.{Guid.NewGuid():N}.{victim.Id}@{Environment.MachineName}.partial");
        var livePartial = Path.Combine(Packs, $"oriental-{Quarter}-ar.zip.{Guid.NewGuid():N}.{Environment.ProcessId}@{Environment.MachineName}.partial");
        Directory.CreateDirectory(Packs); // (the kill may have come before the first pack)
        File.WriteAllBytes(deadPartial, [0x50, 0x4b, 0x03, 0x04]);
        File.WriteAllBytes(livePartial, [0x50, 0x4b, 0x03, 0x04]);
        WaitSettled("third.xlsx");

        var packs = CrashData.WholePacks(Packs);
        IndicatorRun current;
        using (var c = Db.Connect())
        {
            current = new IndicatorStore(c).CurrentRun(Quarter)!;
        }

        var expected = new[] { "souss-massa", "oriental", "beni-mellal-khenifra", "national" }.SelectMany(r => new[] { $"{r}-{Quarter}-fr.zip", $"{r}-{Quarter}-ar.zip" });
        Assert.Superset(expected.ToHashSet(), packs.Keys.ToHashSet());
        foreach (var name in expected)
        {
            var used = packs[name].RootElement.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).Order();
            var region = packs[name].RootElement.GetProperty("region").GetString();
            var shouldUse = region == "_T" ? current.Submissions : ActiveOf(region!);
            Assert.Equal(shouldUse.Order(), used);
        }

        Assert.Equal([livePartial], Directory.GetFiles(Packs, "*.partial"));

        // Every file dropped ended once; nothing pending, nothing left running by a dead node.
        foreach (var name in Clustered ? ["small.xlsx", "third.xlsx"] : new[] { "big.xlsx", "small.xlsx", "third.xlsx" })
        {
            Assert.Equal(1, CrashData.Count(Db, "SELECT COUNT(*) FROM submissions WHERE file_name = @name", new { name }));
            Assert.Single(Directory.GetFiles(Path.Combine(Inbox, "processed"), name, SearchOption.AllDirectories));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(Inbox, "inbox"), "*", SearchOption.AllDirectories));
        Assert.Equal(0, CrashData.Count(Db, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'"));
        Assert.Null(CrashData.PartialRows(Db));
        Assert.Null(CrashData.StaleFigures(Db));
        Assert.All(nodes.Where(n => !n.Killed), n => Assert.False(n.HasExited, n.Log));
    }

    private IReadOnlyList<long> ActiveOf(string region)
    {
        using var c = Db.Connect();
        return c.Query<long>("SELECT id FROM submissions WHERE region_code = @region AND quarter = @Quarter AND is_active = 1 AND status IN ('accepted', 'accepted_with_errors')", new { region, Quarter }).ToList();
    }

    private WorkerProcess Start()
    {
        var node = new WorkerProcess(work.Folder, Target, Inbox, "n" + (++started).ToString(System.Globalization.CultureInfo.InvariantCulture));
        nodes.Add(node);
        return node;
    }

    /// <summary>kill -9 of the live node running <paramref name="job"/> (its latest run), then another node started; the killed run and node.</summary>
    private (long Run, WorkerProcess Node) KillRunning(string job)
    {
        using var c = Db.Connect();
        var (id, victim) = c.Query<(long Id, string Node)>("SELECT id, node FROM job_runs WHERE job = @job AND outcome = 'running' ORDER BY id DESC", new { job })
            .Select(r => (r.Id, Node: nodes.SingleOrDefault(n => n.Name == r.Node && !n.Killed)))
            .First(r => r.Node is not null);
        victim!.Kill();
        Start();
        return (id, victim);
    }

    /// <summary>
    /// Waits until the file is processed and the figures are current; when <paramref name="idle"/>,
    /// also until no job is running (a dead node's run taken over and ended) or waiting to run.
    /// </summary>
    private void WaitSettled(string file, bool idle = true)
    {
        CrashData.Until(
            () => Directory.GetFiles(Path.Combine(Inbox, "processed"), file, SearchOption.AllDirectories).Length == 1
                && CrashData.Count(Db, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'") == 0
                && CrashData.StaleFigures(Db) is null
                && (!idle || CrashData.Count(Db, "SELECT COUNT(*) FROM job_runs WHERE outcome = 'running'") == 0)
                && (!idle || CrashData.Count(Db, "SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name NOT LIKE '%.schedule'") == 0),
            TimeSpan.FromSeconds(120),
            () => $"{file} settled: {CrashData.StaleFigures(Db)}\n{CrashData.History(Db)}",
            [.. nodes]);
    }

    private long Pending(string file) => CrashData.Count(Db, "SELECT COALESCE(MAX(id), 0) FROM submissions WHERE file_name = @file AND status = 'pending'", new { file });

    private bool Accepted(string file) => CrashData.Count(Db, "SELECT COUNT(*) FROM submissions WHERE file_name = @file AND status = 'accepted'", new { file }) == 1;

    /// <summary>Whether a live node runs <paramref name="job"/> (a run begun after <paramref name="after"/>).</summary>
    private bool Running(string job, long after)
    {
        using var c = Db.Connect();
        return c.Query<string>("SELECT node FROM job_runs WHERE job = @job AND outcome = 'running' AND id > @after", new { job, after })
            .Any(node => nodes.Any(n => n.Name == node && !n.Killed));
    }

    private long LastRun() => CrashData.Count(Db, "SELECT COALESCE(MAX(id), 0) FROM job_runs");

    private string Status(long id)
    {
        using var c = Db.Connect();
        return c.ExecuteScalar<string>("SELECT status FROM submissions WHERE id = @id", new { id })!;
    }

    private string Outcome(long run)
    {
        using var c = Db.Connect();
        return c.ExecuteScalar<string>("SELECT outcome FROM job_runs WHERE id = @run", new { run })!;
    }
}

public sealed class CrashSqliteTests() : CrashTests(Backend.Sqlite);

public sealed class CrashPostgresTests() : CrashTests(Backend.Postgres);
