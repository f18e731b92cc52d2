using System.Globalization;
using Indicators.Statistics;
using Indicators.Periods;

namespace Indicators.Tests.Computation;

/// <summary>
/// The engine against R's survey package (svydesign(ids = ~1, weights = ~weight), svymean,
/// svyratio) on tests/TestData/stats: the values R gave are checked in with the script.
/// </summary>
public abstract class SurveyReferenceTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace ws = new(backend);

    public void Dispose() => ws.Dispose();

    [Fact]
    public void Estimates_standard_errors_and_intervals_match_r_survey_to_1e9()
    {
        Rows.Add(ws.Db, "05", "2025Q3", Rows.FromCsv(TestWorkspace.TestData("stats", "fixture.csv")));
        var engine = new IndicatorEngine(Rows.Catalogue(ws.Folder, suppressBelow: 0, lowBelow: 0));
        using var c = ws.Db.Connect();
        var values = engine.Compute(c, Quarter.Parse("2025Q3")).Values.Where(v => v.Region == "05").ToList();

        var expected = File.ReadAllLines(TestWorkspace.TestData("stats", "expected.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(30, expected.Count);
        foreach (var e in expected)
        {
            var group = e[1] switch
            {
                "total" => GroupKey.All,
                "sex" => GroupKey.All with { Sex = e[2] },
                "province" => GroupKey.All with { Province = e[2] },
                _ => throw new InvalidDataException(e[1]),
            };
            var v = Assert.Single(values, v => v.Indicator == e[0] && v.Group == group);
            var what = $"{e[0]} {e[1]}={e[2]}";
            Assert.True(long.Parse(e[7], CultureInfo.InvariantCulture) == v.N, $"{what}: n {v.N}, R {e[7]}");
            Close(e[3], v.Value, what + " estimate");
            Close(e[4], v.Se, what + " SE");
            Close(e[5], v.CiLow, what + " CI low");
            Close(e[6], v.CiHigh, what + " CI high");
            Close(e[8], v.NWeighted, what + " weighted n");
        }
    }

    private static void Close(string r, double? ours, string what)
    {
        if (r.Length == 0)
        {
            Assert.True(ours is null, $"{what}: R has none, engine {ours}");
            return;
        }

        var expected = double.Parse(r, CultureInfo.InvariantCulture);
        Assert.True(ours is not null, $"{what}: R {expected}, engine none");
        Assert.True(Math.Abs(ours!.Value - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: R {expected:R}, engine {ours:R}");
    }
}

public sealed class SurveyReferenceSqliteTests() : SurveyReferenceTests(Backend.Sqlite);

public sealed class SurveyReferencePostgresTests() : SurveyReferenceTests(Backend.Postgres);
