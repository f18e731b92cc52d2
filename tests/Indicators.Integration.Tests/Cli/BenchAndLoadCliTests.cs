using System.Text.Json;

namespace Indicators.Tests.Cli;

/// <summary>
/// <c>indicators bench</c> and <c>indicators load</c> at tiny sizes: the shape of what they print
/// and, for the load, that every upload is accounted for in the API and the database. The
/// figures themselves are for the commands (README, Performance), never asserted here.
/// </summary>
public sealed class BenchAndLoadCliTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Fact]
    public void Bench_puts_every_stage_beside_its_floor_with_targets_and_peaks()
    {
        var pg = PostgresServer.CreateDatabase();
        var (exit, stdout, stderr) = CliRunner.Run(work.Folder, null, "bench", "--rows", "2000", "--drop-runs", "1", "--pg", pg, "--json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(2000, root.GetProperty("rows").GetInt32());
        var lines = root.GetProperty("table").EnumerateArray().ToDictionary(l => l.GetProperty("measure").GetString()!);
        Assert.Equal(
            ["import into SQLite", "read + validate, no insert", "import into PostgreSQL", "compute, whole catalogue", "first computation and store (writes blocks)", "compute and store", "packs: 3 regions + national (fr)", "drop to accepted (2,000 rows, median of 1)", "peak memory, import of 2,000 rows"],
            lines.Keys);
        foreach (var (name, line) in lines)
        {
            Assert.True(line.GetProperty("value").GetDouble() > 0, name);
            Assert.True(line.GetProperty("peakMegabytes").GetDouble() > 10, name);
            if (line.GetProperty("floor").ValueKind == JsonValueKind.Number)
            {
                // The ratio is the one of this run's figure and floor: a share of the floor's rows/s, or times the floor's seconds.
                var (value, floor, ratio) = (line.GetProperty("value").GetDouble(), line.GetProperty("floor").GetDouble(), line.GetProperty("ratio").GetDouble());
                Assert.Equal(value / floor, ratio, 6);
            }
        }

        Assert.Equal("≥ 60 %", lines["import into SQLite"].GetProperty("target").GetString());
        Assert.Equal("≥ 60 %", lines["import into PostgreSQL"].GetProperty("target").GetString());
        Assert.Equal("≤ 5×", lines["compute, whole catalogue"].GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, lines["peak memory, import of 2,000 rows"].GetProperty("met").ValueKind); // the memory target is for 1,000,000 rows

        // The same sheet imported into both databases, with the same rows accepted; a 1 % error rate.
        var import = root.GetProperty("import");
        var accepted = import.GetProperty("rowsAccepted").GetInt32();
        Assert.Equal("accepted_with_errors", import.GetProperty("status").GetString());
        Assert.InRange(accepted, 1900, 1999);
        Assert.Equal(accepted, root.GetProperty("postgres").GetProperty("rowsAccepted").GetInt32());
        Assert.Single(root.GetProperty("drop").GetProperty("seconds").EnumerateArray());
    }

    [Fact]
    public void Load_on_a_portal_of_its_own_accounts_for_every_upload_in_the_api_and_the_database()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            work.Folder, null, "load", "--start-portal", "--clients", "3", "--planners", "1", "--seconds", "6", "--rows", "60", "--planner-pause", "0.5", "--json");

        Assert.True(exit == 0, stdout + stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Empty(root.GetProperty("mismatches").EnumerateArray());
        var outcomes = root.GetProperty("accounting").EnumerateArray().ToDictionary(o => o.GetProperty("outcome").GetString()!);
        Assert.Equal(["accepted", "accepted_with_errors", "rejected", "duplicate", "pending", "failed upload (no submission)", "total"], outcomes.Keys);
        foreach (var status in new[] { "accepted", "accepted_with_errors", "rejected", "duplicate", "pending", "total" })
        {
            var o = outcomes[status];
            Assert.Equal(o.GetProperty("expected").GetInt32(), o.GetProperty("api").GetInt32());
            Assert.Equal(o.GetProperty("expected").GetInt32(), o.GetProperty("database").GetInt32());
        }

        var uploads = root.GetProperty("uploads");
        var total = uploads.GetProperty("total").GetInt32();
        Assert.Equal(total, outcomes["total"].GetProperty("database").GetInt32());
        Assert.True(outcomes["accepted"].GetProperty("api").GetInt32() > 0);
        Assert.True(outcomes["rejected"].GetProperty("api").GetInt32() > 0);
        Assert.Equal(0, uploads.GetProperty("failed").GetInt32());
        Assert.Equal(root.GetProperty("rowsExpected").GetInt64(), root.GetProperty("rowsApi").GetInt64());
        Assert.Equal(root.GetProperty("rowsExpected").GetInt64(), root.GetProperty("rowsDatabase").GetInt64());
        Assert.True(uploads.GetProperty("p95Ms").GetDouble() >= uploads.GetProperty("p50Ms").GetDouble());

        // Every upload but the duplicates (answered at once) was imported by a job run: one run
        // each at most, as a run also takes the queue behind it (and unschedules their triggers).
        var imports = root.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == "ImportSubmission");
        Assert.InRange(imports.GetProperty("succeeded").GetInt32(), 1, total - outcomes["duplicate"].GetProperty("api").GetInt32());
        Assert.Equal(0, imports.GetProperty("failed").GetInt32());

        var downloads = root.GetProperty("downloads");
        Assert.True(downloads.GetProperty("csv").GetInt32() > 0);
        Assert.True(downloads.GetProperty("packs").GetInt32() > 0);
        Assert.Equal(0, downloads.GetProperty("failed").GetInt32());
    }

    public void Dispose() => work.Dispose();
}
