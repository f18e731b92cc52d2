using Dapper;
using Indicators.Inbox;
using Indicators.Storage;

namespace Indicators.Tests.Nodes;

/// <summary>
/// The database going away under a running worker: a PostgreSQL server of the test's own is
/// stopped in the middle of an import, a sheet is dropped while it is down, and it comes back
/// half a minute later. The worker does not die, and both sheets end accepted, once, with all
/// their rows and current figures.
/// </summary>
[Collection(NodesCollection.Name)]
public sealed class CrashOutageTests : IDisposable
{
    private const string Quarter = "2025Q3";

    private readonly TestWorkspace work = new();
    private readonly Indicators.Cli.Commands.ThrowawayPostgres server = Indicators.Cli.Commands.ThrowawayPostgres.Start(); // its own: stopped and started again

    public void Dispose()
    {
        work.Dispose();
        server.Dispose();
    }

    [Fact]
    public void The_database_going_away_for_half_a_minute_loses_nothing_and_the_worker_carries_on()
    {
        var pg = server.CreateDatabase("outage_", "Pooling=true;Timeout=5");
        var db = Database.Open(pg, work.PathOf("files"));
        var inbox = work.PathOf("drop");
        DropFolder.EnsureLayout(inbox);
        using var worker = new WorkerProcess(work.Folder, pg, inbox, "w");

        CrashData.Drop(inbox, "souss-massa", Quarter, "before.xlsx", rows: 300, seed: 1);
        CrashData.Until(() => Processed(inbox, "before.xlsx") && CrashData.StaleFigures(db) is null && CrashData.Count(db, "SELECT COUNT(*) FROM submissions") == 1, TimeSpan.FromSeconds(60), () => "the first sheet", worker);

        // The server stops while a big sheet is being imported, and a sheet is dropped while it is down.
        CrashData.Drop(inbox, "oriental", Quarter, "during.xlsx", rows: 60_000, seed: 2);
        CrashData.Until(() => CrashData.Count(db, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'") == 1, TimeSpan.FromSeconds(60), () => "the big import under way", worker);
        server.Stop();
        var down = System.Diagnostics.Stopwatch.StartNew();
        CrashData.Drop(inbox, "beni-mellal-khenifra", Quarter, "outage.xlsx", rows: 300, seed: 3);
        while (down.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.False(worker.HasExited, "the worker died with the database");
            Thread.Sleep(500);
        }

        Assert.True(File.Exists(Path.Combine(inbox, "inbox", "beni-mellal-khenifra", Quarter, "outage.xlsx")));
        server.Restart();

        // The test's own pooled connections died with the server (Npgsql does not look before lending one).
        Npgsql.NpgsqlConnection.ClearAllPools();

        CrashData.Until(
            () => Processed(inbox, "during.xlsx") && Processed(inbox, "outage.xlsx")
                && CrashData.Count(db, "SELECT COUNT(*) FROM submissions WHERE status = 'pending'") == 0
                && CrashData.StaleFigures(db) is null
                && CrashData.Count(db, "SELECT COUNT(*) FROM job_runs WHERE outcome = 'running'") == 0,
            TimeSpan.FromSeconds(120),
            () => "both sheets after the outage\n" + CrashData.History(db),
            worker);

        Assert.False(worker.HasExited);
        using var c = db.Connect();
        Assert.Equal(
            [("before.xlsx", "accepted", 300L), ("during.xlsx", "accepted", 60_000L), ("outage.xlsx", "accepted", 300L)],
            c.Query<(string, string, long)>("SELECT file_name, status, rows_accepted FROM submissions ORDER BY file_name").ToList());
        Assert.Null(CrashData.PartialRows(db));
        Assert.Empty(Directory.GetFiles(Path.Combine(inbox, "inbox"), "*", SearchOption.AllDirectories));
    }

    private static bool Processed(string inbox, string name) =>
        Directory.GetFiles(Path.Combine(inbox, "processed"), name, SearchOption.AllDirectories).Length == 1;
}
