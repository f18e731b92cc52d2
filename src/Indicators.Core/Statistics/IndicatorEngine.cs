using System.Data.Common;
using System.Globalization;
using Indicators.Forms;
using Indicators.Periods;
using Indicators.Storage;

namespace Indicators.Statistics;

/// <summary>What one computation used and produced for a quarter.</summary>
public sealed record QuarterResult(string Quarter, IReadOnlyList<long> Submissions, long Rows, IReadOnlyList<IndicatorValue> Values);

/// <summary>
/// Computes the catalogue for one quarter, every region and the national total, in one streaming
/// pass over the accepted rows of the active submissions: each row adds to the running sums of its
/// groups (total, province, sex, age group, category, sex × category, and sex × age group for the
/// pyramid); the national total is the sum of the regions' sums. Memory grows with the number of
/// groups, never with the number of rows.
/// </summary>
public sealed class IndicatorEngine
{
    private readonly Catalogue catalogue;
    private readonly FormDefinition form;
    private readonly string[] fields;          // slot → field name
    private readonly CompiledIndicator[] compiled;
    private readonly int provinceSlot, sexSlot, ageSlot, categorySlot, weightSlot;

    public IndicatorEngine(Catalogue? catalogue = null, FormDefinition? form = null)
    {
        this.catalogue = catalogue ?? Catalogue.Default;
        this.form = form ?? FormDefinition.Default;
        var slots = new List<string> { "province", "sex", "age", "category", "weight" };
        int Slot(string field)
        {
            _ = this.form.Field(field);
            var i = slots.IndexOf(field);
            if (i < 0)
            {
                slots.Add(field);
                i = slots.Count - 1;
            }

            return i;
        }

        (provinceSlot, sexSlot, ageSlot, categorySlot, weightSlot) = (0, 1, 2, 3, 4);
        compiled = this.catalogue.Indicators.Select(def => new CompiledIndicator(
            def,
            def.Universe.Select(c => Compile(c, Slot(c.Field))).ToArray(),
            def.Answers.Select(Slot).ToArray(),
            def.Numerator is { } nu ? Compile(nu, Slot(nu.Field)) : null,
            def.Value is { } v ? Slot(v) : -1,
            def.Denominator is { } d ? Slot(d) : -1)).ToArray();
        fields = slots.ToArray();
    }

    public Catalogue Catalogue => catalogue;

    /// <summary>Computes <paramref name="quarter"/> from the rows in <paramref name="connection"/>.</summary>
    public QuarterResult Compute(DbConnection connection, Quarter quarter)
    {
        var q = quarter.ToString();
        var submissions = new List<long>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT id FROM submissions WHERE quarter = @q AND {ActiveFilter} ORDER BY id";
            AddParameter(cmd, "@q", q);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                submissions.Add(r.GetInt64(0));
            }
        }

        var regions = new Dictionary<string, Dictionary<GroupKey, Accumulator[]>>(StringComparer.Ordinal);
        long rows = 0;
        if (submissions.Count > 0)
        {
            rows = Stream(connection, q, regions);
        }

        var values = new List<IndicatorValue>();
        var national = new Dictionary<GroupKey, Accumulator[]>();
        foreach (var (region, groups) in regions.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            foreach (var (key, accs) in groups)
            {
                Finish(values, region, q, key, accs);
                if (!national.TryGetValue(key, out var total))
                {
                    national[key] = total = NewAccumulators();
                }

                for (var i = 0; i < accs.Length; i++)
                {
                    total[i].Merge(accs[i]);
                }
            }
        }

        foreach (var (key, accs) in national)
        {
            Finish(values, Dim.Total, q, key, accs);
        }

        return new QuarterResult(q, submissions, rows, values);
    }

    internal const string ActiveFilter = "is_active = 1 AND status IN ('accepted', 'accepted_with_errors')";

    private long Stream(DbConnection connection, string quarter, Dictionary<string, Dictionary<GroupKey, Accumulator[]>> regions)
    {
        var columns = ResponseWriter.TableColumns(connection, null, "responses");
        var select = fields.Select(f => columns.Contains(f) ? "r." + f : $"json_extract(r.extras, '$.{f}')");
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT s.region_code, {string.Join(", ", select)} FROM responses r JOIN submissions s ON s.id = r.submission_id WHERE s.quarter = @q AND s.{ActiveFilter.Replace(" AND status", " AND s.status", StringComparison.Ordinal)}";
        AddParameter(cmd, "@q", quarter);
        var types = fields.Select(f => form.Field(f).Type).ToArray();
        var numeric = types.Select(t => t is FieldType.Integer or FieldType.Decimal or FieldType.YesNo).ToArray();
        var row = new FieldValue[fields.Length];
        var keys = new GroupKey[7];
        var accs = new Accumulator[7][];
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(string s) => strings.TryGetValue(s, out var i) ? i : strings[s] = s;
        long count = 0;
        using var reader = cmd.ExecuteReader();
        string? lastRegion = null;
        Dictionary<GroupKey, Accumulator[]>? groups = null;
        while (reader.Read())
        {
            count++;
            var region = reader.GetString(0);
            if (region != lastRegion)
            {
                lastRegion = region;
                if (!regions.TryGetValue(region, out groups))
                {
                    regions[region] = groups = [];
                }
            }

            for (var i = 0; i < fields.Length; i++)
            {
                var c = i + 1;
                row[i] = reader.IsDBNull(c) ? FieldValue.Blank
                    : numeric[i] ? FieldValue.OfNumber(reader.GetDouble(c))
                    : FieldValue.OfText(Intern(reader.GetString(c)));
            }

            var province = row[provinceSlot].Text!;
            var sex = row[sexSlot].Text!;
            var age = catalogue.AgeGroupOf((int)row[ageSlot].Number);
            var category = row[categorySlot].Text!;
            keys[0] = GroupKey.All;
            keys[1] = GroupKey.All with { Province = province };
            keys[2] = GroupKey.All with { Sex = sex };
            keys[3] = GroupKey.All with { AgeGroup = age };
            keys[4] = GroupKey.All with { Category = category };
            keys[5] = GroupKey.All with { Sex = sex, Category = category };
            keys[6] = GroupKey.All with { Sex = sex, AgeGroup = age };
            for (var k = 0; k < keys.Length; k++)
            {
                if (!groups!.TryGetValue(keys[k], out accs[k]!))
                {
                    groups[keys[k]] = accs[k] = NewAccumulators();
                }
            }

            var w = row[weightSlot].HasValue ? row[weightSlot].Number : 1.0;
            for (var i = 0; i < compiled.Length; i++)
            {
                var ind = compiled[i];
                if (!ind.InUniverse(row))
                {
                    continue;
                }

                if (!ind.Answered(row))
                {
                    for (var k = 0; k < keys.Length; k++)
                    {
                        accs[k][i].Missing++;
                    }

                    continue;
                }

                if (ind.Definition.Kind == IndicatorKind.Median)
                {
                    var y = row[ind.Value].Number;
                    for (var k = 0; k < keys.Length; k++)
                    {
                        accs[k][i].AddValue(w, y);
                    }

                    continue;
                }

                var (yv, xv) = ind.Definition.Kind switch
                {
                    IndicatorKind.Proportion => (ind.Numerator!.Test(row) ? 1.0 : 0.0, 1.0),
                    IndicatorKind.Ratio => (row[ind.Value].Number, row[ind.Denominator].Number),
                    _ => (ind.Value >= 0 ? row[ind.Value].Number : 1.0, 1.0),
                };
                for (var k = 0; k < keys.Length; k++)
                {
                    accs[k][i].Add(w, yv, xv);
                }
            }
        }

        return count;
    }

    private void Finish(List<IndicatorValue> values, string region, string quarter, GroupKey key, Accumulator[] accs)
    {
        for (var i = 0; i < compiled.Length; i++)
        {
            values.Add(Estimator.Finish(compiled[i].Definition, catalogue.Thresholds, accs[i], region, quarter, key));
        }
    }

    private Accumulator[] NewAccumulators()
    {
        var a = new Accumulator[compiled.Length];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = new Accumulator();
        }

        return a;
    }

    private CompiledCondition Compile(Condition c, int slot)
    {
        var field = form.Field(c.Field);
        double[] yesNo = field.Type == FieldType.YesNo
            ? c.Values.Select(v => form.YesNo.TryParse(v, out var b) ? (b ? 1.0 : 0.0) : throw new InvalidDataException($"'{v}' is not a yes/no value of field '{c.Field}'")).ToArray()
            : [];
        return new CompiledCondition(slot, c.Op, c.Values.ToArray(), c.Number, field.Type == FieldType.YesNo, yesNo);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private sealed record CompiledCondition(int Slot, ConditionOp Op, string[] Texts, double Number, bool IsYesNo, double[] YesNo)
    {
        public bool Test(FieldValue[] row)
        {
            var v = row[Slot];
            switch (Op)
            {
                case ConditionOp.Present:
                    return v.HasValue;
                case ConditionOp.Absent:
                    return !v.HasValue;
            }

            if (!v.HasValue)
            {
                return false;
            }

            return Op switch
            {
                ConditionOp.In or ConditionOp.Equals => Matches(v),
                ConditionOp.NotIn => !Matches(v),
                ConditionOp.Gt => v.Number > Number,
                ConditionOp.Gte => v.Number >= Number,
                ConditionOp.Lt => v.Number < Number,
                ConditionOp.Lte => v.Number <= Number,
                _ => false,
            };
        }

        private bool Matches(FieldValue v)
        {
            if (IsYesNo)
            {
                return Array.IndexOf(YesNo, v.Number) >= 0;
            }

            foreach (var t in Texts)
            {
                if (string.Equals(v.Text, t, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed record CompiledIndicator(IndicatorDefinition Definition, CompiledCondition[] Universe, int[] Answers, CompiledCondition? Numerator, int Value, int Denominator)
    {
        public bool InUniverse(FieldValue[] row)
        {
            foreach (var c in Universe)
            {
                if (!c.Test(row))
                {
                    return false;
                }
            }

            return true;
        }

        public bool Answered(FieldValue[] row)
        {
            foreach (var slot in Answers)
            {
                if (!row[slot].HasValue)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
