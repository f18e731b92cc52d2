using Dapper;
using Indicators.Periods;
using Indicators.Storage;

namespace Indicators.Statistics;

/// <summary>
/// The compute use case: recomputes whole quarters (every region and the national total, which
/// depends on all three) from the active submissions and stores the figures with their run.
/// </summary>
public static class ComputeIndicators
{
    /// <summary>Quarters to compute: those given, or every quarter that has submissions or figures.</summary>
    public static IReadOnlyList<IndicatorRun> Run(Database database, IEnumerable<Quarter>? quarters = null, IndicatorEngine? engine = null, TimeProvider? clock = null)
    {
        engine ??= new IndicatorEngine();
        clock ??= TimeProvider.System;
        using var connection = database.Connect();
        var list = quarters?.Distinct().Order().ToList() ?? AllQuarters(connection);
        var runs = new List<IndicatorRun>();
        foreach (var q in list)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var result = engine.Compute(database, q);
                    runs.Add(new IndicatorStore(connection).Replace(result, engine.Catalogue, clock.GetUtcNow()));
                    break;
                }
                catch (StaleFiguresException) when (attempt < 5)
                {
                    // An import landed meanwhile (or a submission's blocks were dropped): compute
                    // again from the new set.
                }
            }
        }

        return runs;
    }

    /// <summary>
    /// Quarters whose stored figures were not computed from exactly their active submissions,
    /// oldest first: what a crash between an import's commit and its computation leaves (the
    /// figures themselves are always one run's, stored in one transaction).
    /// </summary>
    public static List<Quarter> StaleQuarters(Database database)
    {
        using var connection = database.Connect();
        var active = connection.Query<(string Quarter, long Id)>($"SELECT quarter, id FROM submissions WHERE {IndicatorEngine.ActiveFilter}")
            .ToLookup(r => r.Quarter, r => r.Id);
        var used = connection.Query<(string Quarter, long Id)>(
                """
                SELECT r.quarter, s.submission_id FROM indicator_runs r JOIN indicator_run_submissions s ON s.run_id = r.id
                WHERE r.id IN (SELECT MAX(run_id) FROM indicator_values GROUP BY quarter)
                """)
            .ToLookup(r => r.Quarter, r => r.Id);
        return active.Select(g => g.Key).Union(used.Select(g => g.Key))
            .Where(q => !active[q].Order().SequenceEqual(used[q].Order()))
            .Select(Quarter.Parse).Order().ToList();
    }

    /// <summary>Quarters with submissions or stored figures, oldest first.</summary>
    public static List<Quarter> AllQuarters(System.Data.Common.DbConnection connection) =>
        connection.Query<string>("SELECT quarter FROM submissions UNION SELECT quarter FROM indicator_values")
            .Select(Quarter.Parse).Order().ToList();
}
