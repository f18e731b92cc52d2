using Dapper;
using System.Data.Common;
using System.Globalization;
using Indicators.Forms;
using Indicators.Periods;
using Indicators.Storage;

namespace Indicators.Statistics;

/// <summary>What one computation used and produced for a quarter.</summary>
/// <remarks><paramref name="NewBlocks"/>: the blocks of the submissions read from <c>responses</c>, stored with the figures.</remarks>
public sealed record QuarterResult(string Quarter, IReadOnlyList<long> Submissions, long Rows, IReadOnlyList<IndicatorValue> Values, IReadOnlyList<SubmissionBlocks>? NewBlocks = null);

/// <summary>
/// Computes the catalogue for one quarter, every region and the national total, in one streaming
/// pass over the accepted rows of the active submissions: each row's fields are read as numbers
/// (codes as small indices), the catalogue's tests run on them, and the row adds to the running sums
/// of its cell (region × province × sex × age group × category). Every group the spec lists (total,
/// province, sex, age group, category, sex × category, and sex × age group for the pyramid) is then
/// a sum of cells, and the national total a sum of regions. Memory grows with the number of cells,
/// never with the number of rows.
/// </summary>
public sealed class IndicatorEngine
{
    internal const string ActiveFilter = "is_active = 1 AND status IN ('accepted', 'accepted_with_errors')";
    private readonly Catalogue catalogue;
    private readonly FormDefinition form;
    private readonly string[] fields; // slot → field name; slots 0-4 are province, sex, age, category, weight
    private readonly CompiledIndicator[] compiled;

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

        // A universe test on a field the entry needs an answer for ("with activity_status EMP or
        // UNEMP") passes on a blank, so the row counts as missing rather than outside.
        compiled = this.catalogue.Indicators.Select(def => new CompiledIndicator(
            def.Kind,
            def.Universe.Select(c => Compile(c, Slot(c.Field), blankPasses: def.WithAnswers.Contains(c.Field) && c.Op is not (ConditionOp.Present or ConditionOp.Absent))).ToArray(),
            def.Answers.Select(Slot).ToArray(),
            def.Numerator is { } nu ? Compile(nu, Slot(nu.Field)) : null,
            def.Value is { } v ? Slot(v) : -1,
            def.Denominator is { } d ? Slot(d) : -1)).ToArray();
        fields = slots.ToArray();
    }

    public Catalogue Catalogue => catalogue;

    /// <summary>Computes <paramref name="quarter"/> from the rows in <paramref name="connection"/>, one submission after another.</summary>
    public QuarterResult Compute(DbConnection connection, Quarter quarter)
    {
        var plan = Plan(connection);
        var submissions = ActiveSubmissions(connection, quarter, plan.Layout);
        return Combine(quarter, submissions, submissions.Select(s => Stream(connection, plan, s)).ToList());
    }

    /// <summary>
    /// Computes <paramref name="quarter"/> reading the submissions side by side, one connection per
    /// core; sums are combined in submission order, so the figures are the same to the last bit
    /// as one after another.
    /// </summary>
    public QuarterResult Compute(Database database, Quarter quarter)
    {
        ReadPlan plan;
        List<SubmissionToRead> submissions;
        using (var connection = database.Connect())
        {
            plan = Plan(connection);
            submissions = ActiveSubmissions(connection, quarter, plan.Layout);
        }

        var parts = new Part[submissions.Count];
        try
        {
            Parallel.For(
                0,
                submissions.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                () => database.Connect(),
                (i, _, connection) =>
                {
                    parts[i] = Stream(connection, plan, submissions[i]);
                    return connection;
                },
                connection => connection.Dispose());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return Combine(quarter, submissions, parts);
    }

    /// <summary>The active submissions of the quarter, and whether their rows are all in blocks of this layout.</summary>
    private static List<SubmissionToRead> ActiveSubmissions(DbConnection connection, Quarter quarter, string layout) =>
        connection.Query<(long Id, string Region, long? Accepted, long? InBlocks)>(
                $"""
                SELECT s.id, s.region_code, s.rows_accepted, b.rows
                FROM submissions s
                LEFT JOIN (SELECT submission_id, SUM(rows) AS rows FROM response_blocks
                           WHERE layout = @layout AND submission_id IN (SELECT id FROM submissions WHERE quarter = @q)
                           GROUP BY submission_id) b ON b.submission_id = s.id
                WHERE s.quarter = @q AND {ActiveFilter.Replace("is_active", "s.is_active", StringComparison.Ordinal).Replace("status", "s.status", StringComparison.Ordinal)}
                ORDER BY s.id
                """,
                new { q = quarter.ToString(), layout })
            .Select(r => new SubmissionToRead(r.Id, r.Region, r.Accepted ?? -1, r.InBlocks is { } n && n == r.Accepted))
            .ToList();

    private QuarterResult Combine(Quarter quarter, List<SubmissionToRead> submissions, IReadOnlyList<Part> parts)
    {
        // The submissions' cells into the cells of their region (in submission order), then each
        // region's cells into its groups and the national total's: a cell is expanded into its
        // seven groups once per region, not once per submission (hundreds of small submissions).
        var cellsByRegion = new SortedDictionary<string, Dictionary<GroupKey, Accumulator[]>>(StringComparer.Ordinal);
        for (var i = 0; i < submissions.Count; i++)
        {
            if (!cellsByRegion.TryGetValue(submissions[i].Region, out var cells))
            {
                cellsByRegion[submissions[i].Region] = cells = [];
            }

            foreach (var (cell, accs) in parts[i].Cells)
            {
                Merge(cells, cell, accs);
            }
        }

        var byRegion = new SortedDictionary<string, Dictionary<GroupKey, Accumulator[]>>(StringComparer.Ordinal);
        var national = new Dictionary<GroupKey, Accumulator[]>();
        foreach (var (region, cells) in cellsByRegion)
        {
            var groups = byRegion[region] = [];
            foreach (var (cell, accs) in cells)
            {
                foreach (var group in GroupsOf(cell))
                {
                    Merge(groups, group, accs);
                    Merge(national, group, accs);
                }
            }
        }

        var q = quarter.ToString();
        var values = new List<IndicatorValue>();
        foreach (var (region, groups) in byRegion)
        {
            Finish(values, region, q, groups);
        }

        Finish(values, Dim.Total, q, national);
        return new QuarterResult(q, submissions.Select(s => s.Id).ToList(), parts.Sum(p => p.Rows), values, parts.Select(p => p.NewBlocks).OfType<SubmissionBlocks>().ToList());
    }

    /// <summary>
    /// What a computation selects on this database (the same for each submission): the SQL, which
    /// columns are texts, and the blocks' layout it gives.
    /// </summary>
    private ReadPlan Plan(DbConnection connection)
    {
        var columns = ResponseWriter.TableColumns(connection, null, "responses");
        var types = fields.Select(f => form.Field(f).Type).ToArray();
        string Column(string f) => columns.Contains(f) ? "r." + f
            : Database.JsonField(connection, "r.extras", f, form.Field(f).Type is FieldType.Integer or FieldType.Decimal or FieldType.YesNo);

        // Yes/no answers travel packed, three states (no, yes, blank) a digit in base 3, in one
        // integer: a result column costs SQLite far more than the arithmetic.
        var packed = Enumerable.Range(0, fields.Length).Where(i => types[i] == FieldType.YesNo).Take(30).ToArray();
        var plain = Enumerable.Range(0, fields.Length).Except(packed).ToArray();
        var select = new List<string>();
        var nullNumber = RowSource.NullNumber.ToString("R", CultureInfo.InvariantCulture);
        if (connection is Npgsql.NpgsqlConnection)
        {
            nullNumber = $"CAST({nullNumber} AS double precision)"; // else numeric, and too large for decimal
        }

        select.AddRange(plain.Select(i => types[i] is FieldType.Integer or FieldType.Decimal or FieldType.YesNo
            ? $"coalesce({Column(fields[i])}, {nullNumber})"
            : Column(fields[i])));
        if (packed.Length > 0)
        {
            // Anything but 1 or 0 reads as blank, so no digit can carry into the next.
            select.Add(string.Join(" + ", packed.Select((slot, k) => $"{(long)Math.Pow(3, k)} * (CASE {Column(fields[slot])} WHEN 1 THEN 1 WHEN 0 THEN 0 ELSE 2 END)")));
        }

        bool[] isText = [.. plain.Select(i => types[i] is not (FieldType.Integer or FieldType.Decimal or FieldType.YesNo)), .. packed.Length > 0 ? [false] : Array.Empty<bool>()];
        var sql = $"SELECT {string.Join(", ", select)} FROM responses r WHERE r.submission_id = @q";
        return new ReadPlan(sql, isText, types, plain, packed, ResponseBlocks.Layout(sql, isText));
    }

    /// <summary>One submission's accepted rows into sums per cell (province × sex × age group × category).</summary>
    private Part Stream(DbConnection connection, ReadPlan plan, SubmissionToRead submission)
    {
        var cells = new Dictionary<long, Accumulator[]>();
        var (types, plain, packed, isText) = (plan.Types, plan.Plain, plan.Packed, plan.IsText);
        using var source = submission.InBlocks
            ? new BlockRowSource(connection, submission.Id, plan.Layout, isText)
            : RowSource.Open(connection, plan.Sql, submission.Id, isText);
        var recorder = submission.InBlocks ? null : new BlockRecorder(isText);
        var textColumn = new int[fields.Length]; // slot → column of the source, for the texts of conditions and cells
        for (var c = 0; c < plain.Length; c++)
        {
            textColumn[plain[c]] = c;
        }

        var compiled = this.compiled.Select(c => c with { Universe = c.Universe.Select(u => u.Fresh()).ToArray(), Numerator = c.Numerator?.Fresh() }).ToArray();
        foreach (var c in compiled.SelectMany(c => c.Universe.Append(c.Numerator)).OfType<CompiledCondition>())
        {
            c.Bind(source.Texts[textColumn[c.Slot]], types[c.Slot] is not (FieldType.Integer or FieldType.Decimal or FieldType.YesNo));
        }

        var row = new double[isText.Length];
        var values = new double[fields.Length];
        long count = 0, lastCell = -1;
        Accumulator[]? accs = null;
        while (source.Next(row))
        {
            recorder?.Add(row, source.Texts);
            count++;
            for (var c = 0; c < plain.Length; c++)
            {
                values[plain[c]] = row[c];
            }

            if (packed.Length > 0)
            {
                var digits = (long)row[^1];
                foreach (var slot in packed)
                {
                    var d = digits % 3;
                    digits /= 3;
                    values[slot] = d == 2 ? double.NaN : d;
                }
            }

            // The cell: province, sex, age group and category indices, 12 bits each.
            var cell = Dimension(values[0]) | (Dimension(values[1]) << 12) | ((long)AgeIndex(values[2]) << 24) | (Dimension(values[3]) << 36);
            if (cell != lastCell && !cells.TryGetValue(cell, out accs))
            {
                cells[cell] = accs = NewAccumulators();
            }

            lastCell = cell;
            var w = double.IsNaN(values[4]) ? 1.0 : values[4];
            for (var i = 0; i < compiled.Length; i++)
            {
                var ind = compiled[i];
                if (!ind.InUniverse(values))
                {
                    continue;
                }

                var a = accs![i];
                if (!ind.Answered(values))
                {
                    a.Missing++;
                    continue;
                }

                switch (ind.Kind)
                {
                    case IndicatorKind.Proportion:
                        a.Add(w, ind.Numerator!.Test(values) ? 1.0 : 0.0, 1.0);
                        break;
                    case IndicatorKind.Ratio:
                        a.Add(w, values[ind.Value], values[ind.Denominator]);
                        break;
                    case IndicatorKind.Median:
                        a.AddValue(w, values[ind.Value]);
                        break;
                    default:
                        a.Add(w, ind.Value >= 0 ? values[ind.Value] : 1.0, 1.0);
                        break;
                }
            }
        }


        string Text(int column, long index) => index >= source.Texts[column].Count ? "?" : source.Texts[column][(int)index];
        const long Mask = 0xFFF;
        var result = new Dictionary<GroupKey, Accumulator[]>();
        foreach (var (cell, a) in cells)
        {
            result[new GroupKey(Text(textColumn[0], cell & Mask), Text(textColumn[1], (cell >> 12) & Mask), catalogue.AgeGroups[(int)((cell >> 24) & Mask)].Code, Text(textColumn[3], (cell >> 36) & Mask))] = a;
        }

        if (submission.InBlocks && count != submission.RowsAccepted)
        {
            // The blocks went away (or changed) while this computation ran: compute again.
            throw new StaleFiguresException("submission " + submission.Id.ToString(CultureInfo.InvariantCulture), "stored blocks");
        }

        return new Part(count, result, recorder?.Finish(submission.Id, plan.Layout, count, submission.RowsAccepted));
    }

    private sealed record ReadPlan(string Sql, bool[] IsText, FieldType[] Types, int[] Plain, int[] Packed, string Layout);

    private sealed record SubmissionToRead(long Id, string Region, long RowsAccepted, bool InBlocks);

    private sealed record Part(long Rows, Dictionary<GroupKey, Accumulator[]> Cells, SubmissionBlocks? NewBlocks);

    /// <summary>A dimension's text index; the form requires these fields, so a blank is a broken row.</summary>
    private static long Dimension(double index) =>
        double.IsNaN(index) || index > 0xFFF
            ? throw new InvalidDataException("An accepted row has a blank or unexpected province, sex or category; the indicators cannot be computed.")
            : (long)index;

    private int AgeIndex(double age)
    {
        if (double.IsNaN(age))
        {
            throw new InvalidDataException("An accepted row has a blank age; the indicators cannot be computed.");
        }

        var groups = catalogue.AgeGroups;
        for (var i = 0; i < groups.Count; i++)
        {
            if (age <= groups[i].Max)
            {
                return i;
            }
        }

        return groups.Count - 1;
    }

    /// <summary>The groups a cell belongs to: total, province, sex, age group, category, sex × category, sex × age group.</summary>
    private static GroupKey[] GroupsOf(GroupKey cell) =>
    [
        GroupKey.All,
        GroupKey.All with { Province = cell.Province },
        GroupKey.All with { Sex = cell.Sex },
        GroupKey.All with { AgeGroup = cell.AgeGroup },
        GroupKey.All with { Category = cell.Category },
        GroupKey.All with { Sex = cell.Sex, Category = cell.Category },
        GroupKey.All with { Sex = cell.Sex, AgeGroup = cell.AgeGroup },
    ];

    private void Merge(Dictionary<GroupKey, Accumulator[]> groups, GroupKey key, Accumulator[] accs)
    {
        if (!groups.TryGetValue(key, out var target))
        {
            groups[key] = target = NewAccumulators();
        }

        for (var i = 0; i < accs.Length; i++)
        {
            target[i].Merge(accs[i]);
        }
    }

    private void Finish(List<IndicatorValue> values, string region, string quarter, Dictionary<GroupKey, Accumulator[]> groups)
    {
        foreach (var (key, accs) in groups)
        {
            for (var i = 0; i < accs.Length; i++)
            {
                values.Add(Estimator.Finish(catalogue.Indicators[i], catalogue.Thresholds, accs[i], region, quarter, key));
            }
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

    private CompiledCondition Compile(Condition c, int slot, bool blankPasses = false)
    {
        var field = form.Field(c.Field);
        var numbers = field.Type switch
        {
            FieldType.YesNo => c.Values.Select(v => form.YesNo.TryParse(v, out var b) ? (b ? 1.0 : 0.0) : throw new InvalidDataException($"'{v}' is not a yes/no value of field '{c.Field}'")).ToArray(),
            FieldType.Integer or FieldType.Decimal => c.Values.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            _ => [],
        };
        return new CompiledCondition(slot, c.Op, c.Values.ToArray(), c.Number, numbers, blankPasses);
    }

    /// <summary>A form condition over the numeric row: numbers as numbers, texts by their index; blank fails all but "absent".</summary>
    private sealed class CompiledCondition(int slot, ConditionOp op, string[] texts, double number, double[] numbers, bool blankPasses)
    {
        private readonly List<bool> matches = [];
        private List<string> columnTexts = [];
        private bool onText;

        public int Slot => slot;

        /// <summary>A copy with its own text cache, for one stream (streams run side by side).</summary>
        public CompiledCondition Fresh() => new(slot, op, texts, number, numbers, blankPasses);

        public void Bind(List<string> texts, bool isText)
        {
            columnTexts = texts;
            onText = isText;
            matches.Clear();
        }

        public bool Test(ReadOnlySpan<double> row)
        {
            var v = row[slot];
            if (double.IsNaN(v))
            {
                return op == ConditionOp.Absent || blankPasses;
            }

            return op switch
            {
                ConditionOp.In or ConditionOp.Equals => Matches(v),
                ConditionOp.NotIn => !Matches(v),
                ConditionOp.Gt => v > number,
                ConditionOp.Gte => v >= number,
                ConditionOp.Lt => v < number,
                ConditionOp.Lte => v <= number,
                ConditionOp.Present => true,
                _ => false,
            };
        }

        private bool Matches(double v)
        {
            if (!onText)
            {
                return Array.IndexOf(numbers, v) >= 0;
            }

            var index = (int)v;
            while (matches.Count <= index)
            {
                var text = columnTexts[matches.Count];
                matches.Add(texts.Any(t => string.Equals(text, t, StringComparison.OrdinalIgnoreCase)));
            }

            return matches[index];
        }
    }

    private sealed record CompiledIndicator(IndicatorKind Kind, CompiledCondition[] Universe, int[] Answers, CompiledCondition? Numerator, int Value, int Denominator)
    {
        public bool InUniverse(ReadOnlySpan<double> row)
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

        public bool Answered(ReadOnlySpan<double> row)
        {
            foreach (var slot in Answers)
            {
                if (double.IsNaN(row[slot]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
