using Indicators.Periods;
using Indicators.Statistics;
using static Indicators.Tests.Computation.Rows;

namespace Indicators.Tests.Computation;

/// <summary>
/// The SDMX-CSV export against a checked-in golden file. To accept a deliberate change, run the
/// test with INDICATORS_UPDATE_GOLDEN=1: it rewrites tests/TestData/golden/indicators-small.csv.
/// </summary>
public abstract class CsvExportTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace ws = new(backend);

    public void Dispose() => ws.Dispose();

    [Fact]
    public void Export_matches_the_golden_file_and_is_byte_identical_on_rerun()
    {
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 40; i++)
        {
            rows.Add(Row(
                ("province", i % 3 == 0 ? "082" : "081"),
                ("sex", i % 2 == 0 ? "F" : "M"),
                ("age", 10 + (i * 7 % 60)),
                ("category", i % 5 == 0 ? "MRE" : i % 4 == 0 ? "REF" : "IMM"),
                ("nationality", i % 5 == 0 ? "MAR" : "SEN"),
                ("residence_status", i % 5 == 0 ? null : i % 3 == 0 ? "REG" : "IRR"),
                ("activity_status", 10 + (i * 7 % 60) < 15 ? null : i % 3 == 0 ? "UNEMP" : "EMP"),
                ("health_coverage", i % 4 == 0 ? 0 : 1),
                ("years_in_region", (double)(i % 9)),
                ("remittances_12m_mad", i % 6 == 0 ? null : (double)(i % 4 * 1250)),
                ("weight", 1 + (i % 3 * 0.25))));
        }

        Add(ws.Db, "09", "2025Q3", rows);
        Add(ws.Db, "02", "2025Q3", rows.Take(25).Select(r => new Dictionary<string, object?>(r) { ["province"] = "411" }));
        ComputeIndicators.Run(ws.Db, [Quarter.Parse("2025Q3")]);
        var first = Export();
        ComputeIndicators.Run(ws.Db, [Quarter.Parse("2025Q3")]);
        var second = Export();
        Assert.Equal(first, second);

        var text = System.Text.Encoding.UTF8.GetString(first);
        Assert.StartsWith(IndicatorCsv.Header + "\n", text, StringComparison.Ordinal);
        Assert.False(first.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        var lines = text.TrimEnd('\n').Split('\n').Skip(1).ToList();
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains(lines, l => l.StartsWith("RESPONDENTS,_T,2025Q3,_T,_T,_T,_T,65,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("RESPONDENTS,02,2025Q3,411,_T,_T,_T,25,", StringComparison.Ordinal));
        // A suppressed row keeps N and MISSING and nothing else.
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^[A-Z_]+,[0-9_T]+,2025Q3,[^,]+,[^,]+,[^,]+,[^,]+,,,,,,[0-9],,[0-9]+,x$"));
        Assert.DoesNotContain(lines, l => l.Split(',')[4] != "_T" && l.Split(',')[5] != "_T"); // sex × age is not an export group

        var golden = TestWorkspace.TestData("golden", "indicators-small.csv");
        if (Environment.GetEnvironmentVariable("INDICATORS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllBytes(golden, first);
        }

        Assert.Equal(File.ReadAllText(golden), text);
    }

    private byte[] Export()
    {
        using var c = ws.Db.Connect();
        using var buffer = new MemoryStream();
        IndicatorCsv.Write(new IndicatorStore(c).Values(quarter: "2025Q3"), buffer);
        return buffer.ToArray();
    }
}

public sealed class CsvExportSqliteTests() : CsvExportTests(Backend.Sqlite);

public sealed class CsvExportPostgresTests() : CsvExportTests(Backend.Postgres);
