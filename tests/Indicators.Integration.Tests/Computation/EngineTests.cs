using Dapper;
using Indicators.Statistics;
using Indicators.Periods;
using static Indicators.Tests.Computation.Rows;

namespace Indicators.Tests.Computation;

/// <summary>Indicator values against figures computed by hand from small fixtures.</summary>
public abstract class EngineTests(Backend backend) : IDisposable
{
    private static readonly Quarter Q = Quarter.Parse("2025Q3");
    private readonly TestWorkspace ws = new(backend);

    public void Dispose() => ws.Dispose();

    private List<IndicatorValue> Compute(Catalogue? catalogue = null)
    {
        using var c = ws.Db.Connect();
        return new IndicatorEngine(catalogue).Compute(c, Q).Values.ToList();
    }

    private static IndicatorValue Get(List<IndicatorValue> values, string indicator, string region = "09", GroupKey? group = null) =>
        Assert.Single(values, v => v.Indicator == indicator && v.Region == region && v.Group == (group ?? GroupKey.All));

    [Fact]
    public void Weighted_proportion_with_its_linearised_se_interval_cv_and_flag()
    {
        // 6 women of weight 2, 6 men of weight 1: p = 12/18.
        Add(ws.Db, "09", "2025Q3", Enumerable.Range(0, 12).Select(i => Row(("sex", i < 6 ? "F" : "M"), ("weight", i < 6 ? 2.0 : 1.0))));
        var v = Get(Compute(), "WOMEN_SHARE");
        var p = 12.0 / 18;
        // Σ w²(y − p)² = 6·4·(1/3)² + 6·1·(2/3)² = 48/9
        var se = Math.Sqrt(12.0 / 11 * (48.0 / 9) / (18.0 * 18.0));
        Assert.Equal(p, v.Value!.Value, 12);
        Assert.Equal(se, v.Se!.Value, 12);
        Assert.Equal(p - (1.959964 * se), v.CiLow!.Value, 12);
        Assert.Equal(Math.Min(1, p + (1.959964 * se)), v.CiHigh!.Value, 12);
        Assert.Equal(se / p, v.Cv!.Value, 12);
        Assert.Equal(12, v.N);
        Assert.Equal(18, v.NWeighted!.Value, 12);
        Assert.Equal("u", v.Flag); // 10 ≤ n < 30
    }

    [Fact]
    public void Blank_answers_are_missing_not_zero_and_rows_outside_the_universe_are_neither()
    {
        var rows = new List<Dictionary<string, object?>>();
        rows.AddRange(Enumerable.Range(0, 20).Select(i => Row(("category", "IMM"), ("residence_status", i < 5 ? "REG" : "IRR"))));
        rows.AddRange(Enumerable.Range(0, 4).Select(_ => Row(("category", "REF"), ("residence_status", null))));
        rows.AddRange(Enumerable.Range(0, 7).Select(_ => Row(("category", "RET"), ("nationality", "MAR"))));
        Add(ws.Db, "09", "2025Q3", rows);
        var v = Get(Compute(), "REGULAR_STATUS");
        Assert.Equal(20, v.N);
        Assert.Equal(4, v.Missing);
        Assert.Equal(0.25, v.Value!.Value, 12);
    }

    [Fact]
    public void Groups_under_ten_rows_are_suppressed_and_empty_universes_get_a_row_with_n_0()
    {
        var rows = Enumerable.Range(0, 30).Select(i => Row(("province", i < 9 ? "082" : "081"), ("sex", "F"))).ToList();
        Add(ws.Db, "09", "2025Q3", rows);
        var values = Compute();
        var small = Get(values, "HEALTH_COVERAGE", group: GroupKey.All with { Province = "082" });
        Assert.Equal(("x", 9L, (double?)null, (double?)null, (double?)null), (small.Flag, small.N, small.Value, small.Se, small.NWeighted));
        var count = Get(values, "RESPONDENTS", group: GroupKey.All with { Province = "082" });
        Assert.Equal(("x", 9L, (double?)null), (count.Flag, count.N, count.Value));
        var big = Get(values, "HEALTH_COVERAGE", group: GroupKey.All with { Province = "081" });
        Assert.Equal((21L, 1.0, 0.0, (string?)"u"), (big.N, big.Value, big.Se, big.Flag));
        Assert.Equal(0, big.Cv); // SE 0 and an estimate that is not 0: CV is 0
        // No diaspora respondent at all: the indicator still has its row, with n = 0.
        var diaspora = Get(values, "DIASPORA_INVESTMENT");
        Assert.Equal((0L, "x", (double?)null), (diaspora.N, diaspora.Flag, diaspora.Value));
        // Groups exist only where rows fall: no men, so no sex=M row.
        Assert.DoesNotContain(values, v => v.Group.Sex == "M");
    }

    [Fact]
    public void Ratio_is_sum_of_weighted_numerators_over_weighted_denominators()
    {
        var rows = Enumerable.Range(0, 12).Select(i => Row(("children_6_17", i < 6 ? 2 : 3), ("children_in_school", i < 6 ? 2 : 1), ("weight", i % 2 == 0 ? 1.5 : 1.0))).ToList();
        rows.Add(Row(("children_6_17", 0), ("children_in_school", 0))); // outside the universe
        Add(ws.Db, "09", "2025Q3", rows);
        var v = Get(Compute(), "SCHOOL_ENROLMENT");
        // Weights alternate 1.5/1: Σw·y = 3·1.5·2 + 3·1·2 + 3·1.5·1 + 3·1·1 = 22.5; Σw·x = 3·1.5·2 + 3·2 + 3·1.5·3 + 3·3 = 37.5
        Assert.Equal(22.5 / 37.5, v.Value!.Value, 12);
        Assert.Equal(12, v.N);
        Assert.Equal(15, v.NWeighted!.Value, 12);
    }

    [Fact]
    public void Weighted_median_takes_the_first_value_whose_cumulative_weight_reaches_half()
    {
        // Values 1,2,2,3,5,8 (weights 1,1,1,1,1,1) repeated twice: total weight 12; cumulative at 2 is 6 = half → 2.
        var years = new[] { 1.0, 2, 2, 3, 5, 8, 1, 2, 2, 3, 5, 8 };
        Add(ws.Db, "09", "2025Q3", years.Select(y => Row(("category", "IMM"), ("residence_status", "REG"), ("years_in_region", y))));
        Assert.Equal(2, Get(Compute(), "YEARS_IN_REGION_MEDIAN").Value);

        // A heavy weight on the largest value moves the median there.
        Add(ws.Db, "09", "2025Q3", [Row(("category", "IMM"), ("residence_status", "REG"), ("years_in_region", 8.0), ("weight", 20.0))], batch: "heavy");
        var v = Get(Compute(), "YEARS_IN_REGION_MEDIAN");
        Assert.Equal((8.0, 13L, "u"), (v.Value, v.N, v.Flag));
    }

    [Fact]
    public void Counts_totals_and_the_national_total_add_up_and_only_active_submissions_count()
    {
        Add(ws.Db, "09", "2025Q3", Enumerable.Range(0, 15).Select(_ => Row(("weight", 2.0))));
        Add(ws.Db, "05", "2025Q3", Enumerable.Range(0, 12).Select(_ => Row(("province", "091"), ("sex", "M"))));
        Add(ws.Db, "05", "2025Q3", Enumerable.Range(0, 50).Select(_ => Row(("province", "091"))), batch: "old", active: false);
        var values = Compute();
        Assert.Equal(15, Get(values, "RESPONDENTS").Value);
        Assert.Equal(30, Get(values, "POPULATION_W").Value);
        Assert.Equal(12, Get(values, "RESPONDENTS", "05").Value);
        Assert.Equal(27, Get(values, "RESPONDENTS", Dim.Total).Value);
        Assert.Equal(42, Get(values, "POPULATION_W", Dim.Total).Value);
        Assert.Equal(30.0 / 42, Get(values, "WOMEN_SHARE", Dim.Total).Value!.Value, 12);
        // The national total carries the province breakdown too.
        Assert.Equal(12, Get(values, "RESPONDENTS", Dim.Total, GroupKey.All with { Province = "091" }).Value);
        Assert.Equal(12, Get(values, "RESPONDENTS", Dim.Total, GroupKey.All with { Sex = "M", Category = "IMM" }).Value);
    }

    [Fact]
    public void A_new_catalogue_entry_computes_without_code()
    {
        var catalogue = Catalogue(
            ws.Folder,
            extraEntries:
            [
                """{ "id": "MEN_SHARE", "kind": "proportion", "universe": "all", "answers": ["sex"], "numerator": { "field": "sex", "in": ["M"] }, "unit": "percent", "theme": "population", "name": { "fr": "Part des hommes", "ar": "نسبة الرجال", "en": "Share of men" } }""",
                """{ "id": "AGE_MEAN", "kind": "mean", "universe": "working_age", "value": "age", "unit": "years", "theme": "population", "name": { "fr": "Âge moyen", "ar": "متوسط السن", "en": "Mean age" } }""",
            ]);
        Add(ws.Db, "09", "2025Q3", Enumerable.Range(0, 10).Select(i => Row(("sex", i < 4 ? "M" : "F"), ("age", 20 + i))));
        var values = Compute(catalogue);
        Assert.Equal(0.4, Get(values, "MEN_SHARE").Value!.Value, 12);
        Assert.Equal(24.5, Get(values, "AGE_MEAN").Value!.Value, 12);
    }

    [Fact]
    public void A_high_cv_flags_u_even_with_many_rows_and_a_blank_answer_inside_a_with_clause_is_missing()
    {
        // 2 of 40 women: p = 0.05, SE ≈ 0.035, CV ≈ 0.7 > 0.333.
        var rows = Enumerable.Range(0, 40).Select(i => Row(("sex", i < 2 ? "F" : "M"), ("activity_status", i < 3 ? null : i < 30 ? "EMP" : "UNEMP"))).ToList();
        Add(ws.Db, "09", "2025Q3", rows);
        var values = Compute();
        var women = Get(values, "WOMEN_SHARE");
        Assert.Equal((40L, "u"), (women.N, women.Flag));
        Assert.True(women.Cv > 0.333);
        var unemployment = Get(values, "UNEMPLOYMENT_RATE");
        Assert.Equal((37L, 3L), (unemployment.N, unemployment.Missing));
        Assert.Equal(10.0 / 37, unemployment.Value!.Value, 12);
    }

    [Fact]
    public void Reading_submissions_side_by_side_gives_the_same_figures_to_the_last_bit()
    {
        var random = new Random(5);
        foreach (var region in new[] { "09", "05", "02" })
        {
            Add(ws.Db, region, "2025Q3", Enumerable.Range(0, 300).Select(_ => Row(
                ("province", region == "09" ? "273" : region == "05" ? "091" : "411"),
                ("sex", random.Next(2) == 0 ? "F" : "M"),
                ("age", random.Next(0, 90)),
                ("category", new[] { "IMM", "REF", "RET", "MRE" }[random.Next(4)]),
                ("health_coverage", random.Next(2)),
                ("remittances_12m_mad", random.Next(3) == 0 ? null : random.NextDouble() * 20000),
                ("weight", 0.5 + random.NextDouble() * 2))));
        }

        using var c = ws.Db.Connect();
        var engine = new IndicatorEngine();
        var sequential = IndicatorCsv.ToText(engine.Compute(c, Q).Values);
        var parallel = IndicatorCsv.ToText(engine.Compute(ws.Db, Q).Values);
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Blocks_written_at_the_first_computation_give_the_same_figures_and_incomplete_or_other_blocks_are_not_read()
    {
        var random = new Random(11);
        var ids = new List<long>();
        foreach (var (region, rows) in new[] { ("09", 8_500), ("05", 300), ("02", 40) })
        {
            ids.Add(Add(ws.Db, region, "2025Q3", Enumerable.Range(0, rows).Select(_ => Row(
                ("province", region == "09" ? "273" : region == "05" ? "091" : "411"),
                ("sex", random.Next(2) == 0 ? "F" : "M"),
                ("age", random.Next(0, 90)),
                ("category", new[] { "IMM", "REF", "RET", "MRE" }[random.Next(4)]),
                ("activity_status", random.Next(5) == 0 ? null : new[] { "EMP", "UNEMP", "STUDENT", "INACTIVE" }[random.Next(4)]),
                ("health_coverage", random.Next(2)),
                ("years_in_region", random.Next(4) == 0 ? null : random.Next(0, 30) + 0.5),
                ("remittances_12m_mad", random.Next(3) == 0 ? null : random.NextDouble() * 20000),
                ("weight", 0.5 + random.NextDouble() * 2)))));
        }

        var engine = new IndicatorEngine();
        using var c = ws.Db.Connect();
        long Blocks(long? id = null) => c.ExecuteScalar<long>("SELECT COUNT(*) FROM response_blocks" + (id is null ? string.Empty : $" WHERE submission_id = {id}"));
        string Figures() => IndicatorCsv.ToText(engine.Compute(ws.Db, Q).Values);

        // Computing alone stores nothing; computing and storing the figures stores the blocks of
        // the rows it read from responses (the large submission in two), in the same transaction.
        var fromRows = Figures();
        Assert.Equal(0, Blocks());
        ComputeIndicators.Run(ws.Db, [Q], engine);
        Assert.Equal(2, Blocks(ids[0]));
        Assert.All(ids, id => Assert.True(Blocks(id) > 0));

        // Later computations read the blocks: the same figures to the last bit, on one connection
        // or side by side; a change behind the blocks' back does not show (responses are never
        // changed in place; here it proves what was read).
        Assert.Equal(fromRows, Figures());
        Assert.Equal(fromRows, IndicatorCsv.ToText(engine.Compute(c, Q).Values));
        c.Execute("UPDATE responses SET weight = weight * 3 WHERE submission_id = @id AND row_number % 2 = 0", new { id = ids[0] });
        Assert.Equal(fromRows, Figures());

        // Incomplete blocks (their rows no longer add up): read from responses again, and the
        // next stored computation writes them again.
        c.Execute("DELETE FROM response_blocks WHERE submission_id = @id AND block = 1", new { id = ids[0] });
        var changed = Figures();
        Assert.NotEqual(fromRows, changed);
        ComputeIndicators.Run(ws.Db, [Q], engine);
        Assert.Equal(2, Blocks(ids[0]));
        Assert.Equal(changed, Figures());

        // Another catalogue selects other columns: its own blocks, the first set left as it was.
        var other = new IndicatorEngine(Catalogue(
            ws.Folder,
            extraEntries: """{ "id": "FROM_SENEGAL", "kind": "proportion", "universe": "all", "answers": ["nationality"], "numerator": { "field": "nationality", "in": ["SEN"] }, "unit": "percent", "theme": "population", "name": { "fr": "Part des Sénégalais", "ar": "نسبة السنغاليين", "en": "Share from Senegal" } }"""));
        ComputeIndicators.Run(ws.Db, [Q], other);
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT COUNT(DISTINCT layout) FROM response_blocks"));
    }
}

public sealed class EngineSqliteTests() : EngineTests(Backend.Sqlite);

public sealed class EnginePostgresTests() : EngineTests(Backend.Postgres);
