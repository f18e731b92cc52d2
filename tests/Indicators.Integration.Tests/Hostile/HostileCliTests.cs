using System.Globalization;
using System.Text.Json;
using Dapper;
using Indicators.Storage;
using Indicators.Tests.Cli;
using Xunit.Abstractions;

namespace Indicators.Tests.Hostile;

/// <summary>
/// A good sheet imported by the real CLI, then the hostile files generated once for the class, for the
/// same region and quarter. The large files are written on first use (a few seconds in all).
/// </summary>
public sealed class HostileCliFixture : IDisposable
{
    public HostileCliFixture()
    {
        Work = new TestWorkspace();
        Env = new Dictionary<string, string> { ["INDICATORS_DB"] = Work.PathOf("cli.db") };
        var sample = CliRunner.Run(Work.Folder, Env, "sample", "--region", "09", "--quarter", "2025Q3", "--rows", "300", "--seed", "7", "--out", Work.PathOf("good.xlsx"));
        Assert.Equal(0, sample.Exit);
        var import = CliRunner.Run(Work.Folder, Env, "import", Work.PathOf("good.xlsx"), "--batch", "good", "--json");
        Assert.True(import.Exit == 0, import.Out + import.Err);
        using var json = JsonDocument.Parse(import.Out);
        GoodId = json.RootElement.GetProperty("submissionId").GetInt64();
        Assert.Equal(300, json.RootElement.GetProperty("rowsAccepted").GetInt32());
        Db = Database.Open(Work.PathOf("cli.db"));
        GoodRows = GoodResponses();
        Assert.NotEmpty(IndicatorValues());
    }

    public TestWorkspace Work { get; }

    public Dictionary<string, string> Env { get; }

    public Database Db { get; }

    public HostileFiles Files { get; } = new();

    public long GoodId { get; }

    /// <summary>Every stored value of the good submission's rows, in order.</summary>
    public string GoodRows { get; }

    public string GoodResponses()
    {
        using var c = Db.Connect();
        var rows = c.Query("SELECT * FROM responses WHERE submission_id = @GoodId ORDER BY row_number", new { GoodId });
        return string.Join('\n', rows.Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
    }

    public string IndicatorValues()
    {
        using var c = Db.Connect();
        var rows = c.Query("SELECT * FROM indicator_values ORDER BY quarter, region, indicator, province, sex, age_group, category");
        return string.Join('\n', rows.Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
    }

    public void Dispose()
    {
        Files.Dispose();
        Work.Dispose();
    }
}

/// <summary>
/// Each hostile file through the real <c>indicators import</c>, one process per file: a clear file
/// error (code, French and Arabic message, exit 2) or a correct read (exit 0), never a crash or a
/// stack trace, a peak working set under <see cref="MemoryBound"/>, and the good submission imported
/// before still active with the same rows, the quarter's figures unchanged by a refused file.
/// </summary>
public sealed class HostileCliTests(HostileCliFixture fixture, ITestOutputHelper output) : IClassFixture<HostileCliFixture>
{
    /// <summary>The bound on the import process's peak working set, whatever the file.</summary>
    public const long MemoryBound = 400L * 1024 * 1024;

    public static TheoryData<string> Cases() => [.. HostileFiles.Cases.Select(c => c.File)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_file_gets_a_clear_error_or_a_correct_read_in_bounded_memory(string file)
    {
        var c = HostileFiles.Cases.Single(h => h.File == file);
        var path = fixture.Files.PathOf(c);
        var figures = fixture.IndicatorValues();
        var env = new Dictionary<string, string>(fixture.Env) { ["INDICATORS_REPORT_PEAK_MEMORY"] = "1" };

        // Files read correctly share one batch, so each supersedes the one before and never the good sheet.
        var (exit, stdout, stderr) = CliRunner.Run(fixture.Work.Folder, env, "import", path, "--region", "09", "--quarter", "2025Q3", "--batch", "hostile", "--json", "--lang", "ar");

        var peakLine = stderr.Split('\n').Single(l => l.StartsWith("peak_working_set_bytes=", StringComparison.Ordinal));
        var peak = long.Parse(peakLine.Split('=')[1].Trim(), CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var status = root.GetProperty("status").GetString();
        var firstError = root.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).FirstOrDefault();
        output.WriteLine($"| {Path.GetFileName(c.File)} | {(c.Code ?? $"read: {status}, {root.GetProperty("rowsAccepted").GetInt32()} accepted")} | {peak / (1024 * 1024)} MB |");

        Assert.Equal(peakLine, stderr.Trim());
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
        Assert.True(peak < MemoryBound, $"peak working set {peak / (1024 * 1024)} MB");
        if (c.Code is { } code)
        {
            Assert.True(exit == 2, $"exit {exit}: {stdout}");
            Assert.Equal("rejected", status);
            Assert.Equal(0, root.GetProperty("rowsAccepted").GetInt32());
            Assert.Equal(code, firstError);
            var error = root.GetProperty("errors")[0];
            Assert.Equal(JsonValueKind.Null, error.GetProperty("row").ValueKind);
            Assert.Contains(error.GetProperty("message").GetString()!, m => m is >= '\u0600' and <= '\u06FF');

            // The stored error carries the French and Arabic messages, every placeholder filled.
            using var db = fixture.Db.Connect();
            var stored = db.QuerySingle<(string Fr, string Ar)>(
                "SELECT message_fr AS Fr, message_ar AS Ar FROM row_errors WHERE submission_id = @id AND code = @code",
                new { id = root.GetProperty("submissionId").GetInt64(), code });
            Assert.False(string.IsNullOrWhiteSpace(stored.Fr));
            Assert.False(string.IsNullOrWhiteSpace(stored.Ar));
            Assert.DoesNotContain("{", stored.Fr + stored.Ar, StringComparison.Ordinal);
            Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM row_errors WHERE submission_id = @id", new { id = root.GetProperty("submissionId").GetInt64() }) <= 100_010);
            Assert.Equal(figures, fixture.IndicatorValues());
        }
        else
        {
            Assert.True(exit == 0, $"exit {exit}: {stdout}");
            Assert.Equal(c.Rejected == 0 ? "accepted" : "accepted_with_errors", status);
            Assert.Equal(c.Accepted, root.GetProperty("rowsAccepted").GetInt32());
            Assert.Equal(c.Rejected, root.GetProperty("rowsRejected").GetInt32());
            if (c.ErrorRow is { } row)
            {
                Assert.Equal(row, root.GetProperty("errors")[0].GetProperty("row").GetInt32());
            }
        }

        AssertGoodIntact();
    }

    /// <summary>
    /// Names a file can have on disk: a backslash path, control characters, an escape sequence, a
    /// right-to-left override, a path up two folders, 250 characters (NUL and 500 characters cannot
    /// be file names here; the portal tests send them). The sheet is read; the name is stored and
    /// printed clean, and nothing is written anywhere but the database and its file store.
    /// </summary>
    [Fact]
    public void File_names_with_paths_and_control_characters_are_stored_and_shown_clean()
    {
        var names = new (string OnDisk, string Stored)[]
        {
            ("..\\evil.csv", "evil.csv"),
            ("a\u0001b.csv", "ab.csv"),
            ("line\nbreak.csv", "linebreak.csv"),
            ("\u001b[31mred\u001b[0m.csv", "[31mred[0m.csv"),
            ("report\u202Evslx.csv", "reportvslx.csv"),
            ("../../etc/x.csv", "x.csv"),
            (new string('n', 246) + ".csv", new string('n', 196) + ".csv"),
        };
        var lines = File.ReadAllLines(Path.Combine(HostileFiles.TestData, "shapes", "labels_fr.csv"));
        var cwd = Directory.CreateDirectory(fixture.Work.PathOf(Path.Combine("names", "a", "b"))).FullName;
        for (var n = 0; n < names.Length; n++)
        {
            var (onDisk, expected) = names[n];
            var path = Path.GetFullPath(Path.Combine(cwd, onDisk));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Select(l => $"N{n}-" + l)]);
            var before = Listing();

            var (exit, stdout, stderr) = CliRunner.Run(cwd, fixture.Env, "import", onDisk, "--region", "09", "--quarter", "2025Q3", "--lang", "fr");

            Assert.True(exit == 0, stdout + stderr);
            Assert.DoesNotContain(stdout + stderr, c => c < ' ' && c is not '\n' and not '\r');
            Assert.DoesNotContain(stdout, c => c is '\u202E');
            Assert.Equal(before, Listing());
            using var db = fixture.Db.Connect();
            var stored = db.QuerySingle<(string File, string Batch, long Accepted)>(
                "SELECT file_name AS File, batch_label AS Batch, rows_accepted AS Accepted FROM submissions ORDER BY id DESC LIMIT 1");
            Assert.Equal((expected, Path.GetFileNameWithoutExtension(expected), 3L), stored);
            Assert.Contains(Path.GetFileNameWithoutExtension(expected)[..Math.Min(20, expected.Length - 4)], stdout, StringComparison.Ordinal);
        }

        AssertGoodIntact();
    }

    /// <summary>Every file under the workspace but the database and its file store.</summary>
    private string Listing() => string.Join('\n', Directory.EnumerateFiles(fixture.Work.Folder, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(fixture.Work.Folder, f))
        .Where(f => !f.StartsWith("cli.db", StringComparison.Ordinal) && !f.StartsWith("files" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    private void AssertGoodIntact()
    {
        using var connection = fixture.Db.Connect();
        var good = connection.QuerySingle<(long Active, string Status, long Accepted)>(
            "SELECT is_active AS Active, status AS Status, rows_accepted AS Accepted FROM submissions WHERE id = @GoodId", new { fixture.GoodId });
        Assert.Equal((1L, "accepted", 300L), good);
        Assert.Equal(fixture.GoodRows, fixture.GoodResponses());
    }
}
