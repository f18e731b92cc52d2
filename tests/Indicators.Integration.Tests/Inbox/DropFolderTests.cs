using System.Text.Json;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Inbox;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Tests.Inbox;

/// <summary>Drop folders on SQLite: settling, moves and reports, folder errors, crashes before the move and during the import.</summary>
public abstract class DropFolderTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace work = new(backend);

    // Ahead of the files' real last-write times, so that every file written by a test is settled.
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow.AddMinutes(1));

    private string Root => work.PathOf("drop");

    private string Processed => Path.Combine(Root, "processed", "souss-massa", "2025Q3");

    [Fact]
    public void A_valid_sheet_is_imported_once_and_moved_with_its_report()
    {
        DropFolder.EnsureLayout(Root);
        var path = Drop("souss-massa", "2025Q3", "s.xlsx", seed: 1);
        var ignored = new[] { "~$s.xlsx", ".s.xlsx", "s.xlsx.part", "s.tmp" }.Select(n => Path.Combine(Path.GetDirectoryName(path)!, n)).ToList();
        ignored.ForEach(p => File.WriteAllText(p, "x"));
        var folder = NewFolder();

        Assert.Empty(folder.Scan());
        var result = Assert.Single(folder.Scan());
        Assert.Empty(folder.Scan());

        Assert.Equal((path, "09", "2025Q3", SubmissionStatus.Accepted), (result.File, result.Region, result.Quarter, result.Status));
        Assert.Equal(Path.Combine(Processed, "s.xlsx"), result.MovedTo);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(result.MovedTo));
        Assert.All(ignored, p => Assert.True(File.Exists(p)));
        using var report = Report(result.MovedTo);
        Assert.Equal("accepted", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(result.SubmissionId, report.RootElement.GetProperty("submissionId").GetInt64());
        Assert.Equal(30, report.RootElement.GetProperty("rowsAccepted").GetInt32());
        Assert.Equal("s", report.RootElement.GetProperty("batch").GetString());

        using var connection = work.Db.Connect();
        Assert.Equal(("inbox", "s"), connection.QuerySingle<(string, string)>("SELECT source, batch_label FROM submissions"));
        Assert.Equal(30, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.True(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM indicator_runs WHERE quarter = '2025Q3'") > 0);
    }

    [Fact]
    public void A_folder_that_names_no_region_or_quarter_rejects_the_file_with_reasons()
    {
        Drop("atlantis", "2025Q3", "a.xlsx", seed: 1);
        Drop("souss-massa", "later", "b.xlsx", seed: 2);
        Drop("souss-massa", null, "c.xlsx", seed: 3);
        var folder = NewFolder();
        folder.Scan();
        var results = folder.Scan();

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal((SubmissionStatus.Rejected, (long?)null), (r.Status, r.SubmissionId)));
        Assert.Equal(
            [Path.Combine(Root, "rejected", "atlantis", "2025Q3", "a.xlsx"), Path.Combine(Root, "rejected", "souss-massa", "c.xlsx"), Path.Combine(Root, "rejected", "souss-massa", "later", "b.xlsx")],
            results.Select(r => r.MovedTo).Order(StringComparer.Ordinal));

        using var report = Report(results.Single(r => r.Region == "atlantis").MovedTo);
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("region_missing", error.GetProperty("code").GetString());
        var messages = error.GetProperty("messages");
        Assert.Contains("atlantis", messages.GetProperty("fr").GetString(), StringComparison.Ordinal);
        Assert.Contains("souss-massa", messages.GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Contains("الجهة", messages.GetProperty("ar").GetString(), StringComparison.Ordinal);
        using var noQuarter = Report(results.Single(r => r.Quarter == "later").MovedTo);
        Assert.Equal("quarter_missing", Assert.Single(noQuarter.RootElement.GetProperty("errors").EnumerateArray()).GetProperty("code").GetString());

        using var connection = work.Db.Connect();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions"));
    }

    [Fact]
    public void A_file_still_growing_waits_until_two_scans_see_the_same_size()
    {
        var full = Sheet(seed: 1);
        var path = Drop("souss-massa", "2025Q3", "g.xlsx", seed: 1);
        File.WriteAllBytes(path, full[..(full.Length / 2)]);
        var folder = NewFolder();

        Assert.Empty(folder.Scan());
        File.WriteAllBytes(path, full);
        Assert.Empty(folder.Scan());
        var result = Assert.Single(folder.Scan());
        Assert.Equal(SubmissionStatus.Accepted, result.Status);
    }

    [Fact]
    public void A_file_written_less_than_the_settle_time_ago_waits()
    {
        var path = Drop("souss-massa", "2025Q3", "n.xlsx", seed: 1);
        File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime.AddSeconds(-1));
        var folder = NewFolder();

        Assert.Empty(folder.Scan());
        Assert.Empty(folder.Scan());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(folder.Scan());
    }

    [Fact]
    public void A_crash_between_import_and_move_never_imports_twice()
    {
        var path = Drop("souss-massa", "2025Q3", "s.xlsx", seed: 1);
        var crashing = new DropFolder(work.Db, Root, clock) { BeforeMove = _ => throw new InvalidOperationException("power cut") };
        crashing.Scan();
        var failure = Assert.Throws<AggregateException>(() => crashing.Scan());
        Assert.Equal("power cut", Assert.Single(failure.InnerExceptions).InnerException!.Message);
        Assert.True(File.Exists(path));
        long first;
        using (var connection = work.Db.Connect())
        {
            first = connection.ExecuteScalar<long>("SELECT id FROM submissions WHERE status = 'accepted'");
        }

        var restarted = NewFolder();
        Assert.Empty(restarted.Scan());
        var result = Assert.Single(restarted.Scan());

        Assert.Equal((SubmissionStatus.Accepted, (long?)first), (result.Status, result.SubmissionId));
        Assert.Equal(Path.Combine(Processed, "s.xlsx"), result.MovedTo);
        Assert.Equal(["s.xlsx", "s.xlsx.errors.json"], Directory.GetFiles(Processed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(path));
        using var report = Report(result.MovedTo);
        Assert.Equal((first, 30), (report.RootElement.GetProperty("submissionId").GetInt64(), report.RootElement.GetProperty("rowsAccepted").GetInt32()));
        using var db = work.Db.Connect();
        Assert.Equal(1, db.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions"));
        Assert.Equal(30, db.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
    }

    [Fact]
    public void A_crash_during_the_import_leaves_it_pending_and_the_next_scan_completes_that_submission_once()
    {
        var path = Drop("souss-massa", "2025Q3", "s.xlsx", seed: 1);
        var options = new ImportOptions { AfterRowWritten = n => { if (n == 15) { throw new IOException("disk gone"); } } };
        var crashing = NewFolder(options);
        crashing.Scan();
        Assert.Throws<AggregateException>(() => crashing.Scan());
        Assert.True(File.Exists(path));
        using var connection = work.Db.Connect();
        Assert.Equal("pending", connection.ExecuteScalar<string>("SELECT status FROM submissions"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));

        var next = NewFolder();
        next.Scan();
        var result = Assert.Single(next.Scan());
        Assert.Empty(next.Scan());

        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions WHERE status = 'pending'"));
        Assert.Equal(30, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(30, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses WHERE submission_id = @id", new { id = result.SubmissionId }));
    }

    [Fact]
    public void A_name_already_taken_gets_a_suffix_and_nothing_is_overwritten()
    {
        var folder = NewFolder();
        var results = new List<DropResult>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            Drop("souss-massa", "2025Q3", "s.xlsx", seed);
            folder.Scan();
            results.Add(Assert.Single(folder.Scan()));
        }

        Assert.Equal(["s.xlsx", "s (2).xlsx", "s (3).xlsx"], results.Select(r => Path.GetFileName(r.MovedTo)));
        Assert.Equal(Sheet(seed: 1), File.ReadAllBytes(Path.Combine(Processed, "s.xlsx")));
        Assert.Equal(Sheet(seed: 3), File.ReadAllBytes(Path.Combine(Processed, "s (3).xlsx")));
        using var second = Report(Path.Combine(Processed, "s (2).xlsx"));
        Assert.Equal(results[0].SubmissionId, second.RootElement.GetProperty("supersedes").GetInt64());
        Assert.Equal(6, Directory.GetFiles(Processed).Length);
    }

    public void Dispose() => work.Dispose();

    private DropFolder NewFolder(ImportOptions? options = null) => new(work.Db, Root, clock, options);

    private string Drop(string region, string? quarter, string name, int seed)
    {
        var folder = quarter is null ? Path.Combine(Root, "inbox", region) : Path.Combine(Root, "inbox", region, quarter);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Sheet(seed));
        return path;
    }

    private static byte[] Sheet(int seed)
    {
        using var buffer = new MemoryStream();
        new SampleSheet(FormDefinition.Default).Write(buffer, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"), new SampleSheet.Options(30, seed));
        return buffer.ToArray();
    }

    private static JsonDocument Report(string movedTo) => JsonDocument.Parse(File.ReadAllBytes(movedTo + ".errors.json"));
}

public sealed class DropFolderSqliteTests() : DropFolderTests(Backend.Sqlite);

public sealed class DropFolderPostgresTests() : DropFolderTests(Backend.Postgres);
