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
                var result = engine.Compute(database, q);
                try
                {
                    runs.Add(new IndicatorStore(connection).Replace(result, engine.Catalogue, clock.GetUtcNow()));
                    break;
                }
                catch (StaleFiguresException) when (attempt < 5)
                {
                    // An import landed meanwhile: compute again from the new set.
                }
            }
        }

        return runs;
    }

    /// <summary>Quarters with submissions or stored figures, oldest first.</summary>
    public static List<Quarter> AllQuarters(System.Data.Common.DbConnection connection) =>
        connection.Query<string>("SELECT quarter FROM submissions UNION SELECT quarter FROM indicator_values")
            .Select(Quarter.Parse).Order().ToList();
}
