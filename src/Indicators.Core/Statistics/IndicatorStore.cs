using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Indicators.Statistics;

/// <summary>A stored computation: when a quarter was computed and from which submissions.</summary>
public sealed record IndicatorRun(long Id, string Quarter, string CatalogueId, int CatalogueVersion, long RowsUsed, string ComputedAt)
{
    public IReadOnlyList<long> Submissions { get; init; } = [];
}

/// <summary>Reads and writes indicator_values and their runs (Dapper, inline SQL).</summary>
public sealed class IndicatorStore(DbConnection connection)
{
    private const string ValueColumns = """
        indicator AS Indicator, region AS Region, quarter AS Quarter, province AS Province, sex AS Sex,
        age_group AS AgeGroup, category AS Category, value AS Value, se AS Se, ci_low AS CiLow, ci_high AS CiHigh,
        cv AS Cv, n AS N, n_weighted AS NWeighted, missing AS Missing, flag AS Flag
        """;

    /// <summary>Replaces the quarter's figures with <paramref name="result"/>, atomically.</summary>
    public IndicatorRun Replace(QuarterResult result, Catalogue catalogue, DateTimeOffset now)
    {
        using var tx = connection.BeginTransaction();

        // Another import may have changed the quarter while this was computed: never store stale figures.
        var active = connection.Query<long>(
            $"SELECT id FROM submissions WHERE quarter = @q AND {IndicatorEngine.ActiveFilter} ORDER BY id", new { q = result.Quarter }, tx).ToList();
        if (!active.SequenceEqual(result.Submissions))
        {
            throw new StaleFiguresException(result.Quarter);
        }

        ResponseBlocks.Store(connection, tx, result.NewBlocks ?? []);
        var at = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var runId = connection.ExecuteScalar<long>(
            "INSERT INTO indicator_runs (quarter, catalogue_id, catalogue_version, rows_used, computed_at) VALUES (@q, @c, @v, @rows, @at) RETURNING id",
            new { q = result.Quarter, c = catalogue.Id, v = catalogue.Version, rows = result.Rows, at },
            tx);
        connection.Execute(
            "INSERT INTO indicator_run_submissions (run_id, submission_id) VALUES (@runId, @id)",
            result.Submissions.Select(id => new { runId, id }),
            tx);
        connection.Execute("DELETE FROM indicator_values WHERE quarter = @q", new { q = result.Quarter }, tx);
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO indicator_values (quarter, region, indicator, province, sex, age_group, category, value, se, ci_low, ci_high, cv, n, n_weighted, missing, flag, run_id)
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16)
                """;
            var p = new DbParameter[17];
            for (var i = 0; i < p.Length; i++)
            {
                p[i] = insert.CreateParameter();
                p[i].ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                p[i].DbType = i switch
                {
                    < 7 or 15 => System.Data.DbType.String,
                    12 or 14 or 16 => System.Data.DbType.Int64,
                    _ => System.Data.DbType.Double,
                };
                insert.Parameters.Add(p[i]);
            }

            insert.Prepare();
            foreach (var v in result.Values)
            {
                object?[] args = [v.Quarter, v.Region, v.Indicator, v.Group.Province, v.Group.Sex, v.Group.AgeGroup, v.Group.Category, v.Value, v.Se, v.CiLow, v.CiHigh, v.Cv, v.N, v.NWeighted, v.Missing, v.Flag, runId];
                for (var i = 0; i < p.Length; i++)
                {
                    p[i].Value = args[i] ?? DBNull.Value;
                }

                insert.ExecuteNonQuery();
            }
        }

        tx.Commit();
        return new IndicatorRun(runId, result.Quarter, catalogue.Id, catalogue.Version, result.Rows, at) { Submissions = result.Submissions };
    }

    /// <summary>Stored figures, optionally for one region (HCP code or _T) and one quarter.</summary>
    public IReadOnlyList<IndicatorValue> Values(string? region = null, string? quarter = null, string? indicator = null)
    {
        var rows = connection.Query<ValueRow>(
            $"""
            SELECT {ValueColumns} FROM indicator_values
            WHERE (@region IS NULL OR region = @region) AND (@quarter IS NULL OR quarter = @quarter) AND (@indicator IS NULL OR indicator = @indicator)
            """,
            new { region, quarter, indicator });
        return rows.Select(r => new IndicatorValue
        {
            Indicator = r.Indicator,
            Region = r.Region,
            Quarter = r.Quarter,
            Group = new GroupKey(r.Province, r.Sex, r.AgeGroup, r.Category),
            Value = r.Value,
            Se = r.Se,
            CiLow = r.CiLow,
            CiHigh = r.CiHigh,
            Cv = r.Cv,
            N = r.N,
            NWeighted = r.NWeighted,
            Missing = r.Missing,
            Flag = r.Flag,
        }).ToList();
    }

    /// <summary>Quarters that have computed figures (for one region, HCP code or _T, when given), oldest first.</summary>
    public IReadOnlyList<string> Quarters(string? region = null) => connection.Query<string>(
        "SELECT DISTINCT quarter FROM indicator_values WHERE @region IS NULL OR region = @region ORDER BY quarter", new { region }).ToList();

    /// <summary>The run behind the quarter's current figures, with its submissions.</summary>
    public IndicatorRun? CurrentRun(string quarter)
    {
        var run = connection.QueryFirstOrDefault<RunRow>(
            """
            SELECT id AS Id, quarter AS Quarter, catalogue_id AS CatalogueId, catalogue_version AS CatalogueVersion, rows_used AS RowsUsed, computed_at AS ComputedAt
            FROM indicator_runs WHERE id = (SELECT MAX(run_id) FROM indicator_values WHERE quarter = @quarter)
            """,
            new { quarter });
        return run is null ? null : new IndicatorRun(run.Id, run.Quarter, run.CatalogueId, (int)run.CatalogueVersion, run.RowsUsed, run.ComputedAt)
        {
            Submissions = connection.Query<long>("SELECT submission_id FROM indicator_run_submissions WHERE run_id = @id ORDER BY submission_id", new { id = run.Id }).ToList(),
        };
    }

    private sealed class ValueRow
    {
        public string Indicator { get; set; } = "";
        public string Region { get; set; } = "";
        public string Quarter { get; set; } = "";
        public string Province { get; set; } = "";
        public string Sex { get; set; } = "";
        public string AgeGroup { get; set; } = "";
        public string Category { get; set; } = "";
        public double? Value { get; set; }
        public double? Se { get; set; }
        public double? CiLow { get; set; }
        public double? CiHigh { get; set; }
        public double? Cv { get; set; }
        public long N { get; set; }
        public double? NWeighted { get; set; }
        public long Missing { get; set; }
        public string? Flag { get; set; }
    }

    private sealed class RunRow
    {
        public long Id { get; set; }
        public string Quarter { get; set; } = "";
        public string CatalogueId { get; set; } = "";
        public long CatalogueVersion { get; set; }
        public long RowsUsed { get; set; }
        public string ComputedAt { get; set; } = "";
    }
}

/// <summary>The quarter's active submissions changed while its figures were computed.</summary>
public sealed class StaleFiguresException(string quarter, string? what = null) : Exception($"The {what ?? "submissions"} of {quarter} changed during the computation.");
