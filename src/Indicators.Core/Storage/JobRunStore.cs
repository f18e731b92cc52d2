using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Indicators.Storage;

public sealed record JobRun(long Id, string Job, string Parameters, string Node, string StartedAt, string? EndedAt, string Outcome, string? Error, string? Note);

/// <summary>
/// The job history. A run is recorded under its fire key before it works: a second fire of the
/// same trigger (another node, a duplicate declaration) finds the key taken and does nothing. A
/// failed run, or one left running by a node that died long ago, may be taken again.
/// </summary>
public sealed class JobRunStore(DbConnection connection)
{
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The new run's id, or null when this fire is already done or in hand elsewhere (then a
    /// <c>skipped</c> row says so). <paramref name="recovering"/>: the scheduler re-fires the run of
    /// a node that died, which takes its <c>running</c> row over at once.
    /// </summary>
    public long? Begin(string job, string parameters, string fireKey, string node, DateTimeOffset now, bool recovering = false)
    {
        var at = Iso(now);
        var id = connection.ExecuteScalar<long?>(
            """
            INSERT INTO job_runs (job, parameters, fire_key, node, started_at, outcome)
            VALUES (@job, @parameters, @fireKey, @node, @at, 'running')
            ON CONFLICT (fire_key) DO NOTHING
            RETURNING id
            """,
            new { job, parameters, fireKey, node, at });
        if (id is not null)
        {
            return id;
        }

        // Retry of a failed fire, or a fire whose node vanished: take it over (one node wins the update).
        var stale = Iso(recovering ? now : now - Abandoned);
        var taken = connection.ExecuteScalar<long?>(
            """
            UPDATE job_runs SET node = @node, started_at = @at, ended_at = NULL, outcome = 'running', error = NULL, note = NULL
            WHERE fire_key = @fireKey AND (outcome = 'failed' OR (outcome = 'running' AND started_at <= @stale))
            RETURNING id
            """,
            new { node, at, fireKey, stale });
        if (taken is null)
        {
            connection.Execute(
                """
                INSERT INTO job_runs (job, parameters, fire_key, node, started_at, ended_at, outcome, note)
                VALUES (@job, @parameters, @skipKey, @node, @at, @at, 'skipped', @note)
                """,
                new { job, parameters, skipKey = $"{fireKey}|skipped|{node}|{Guid.NewGuid():N}", node, at, note = "fire already run or in hand: " + fireKey });
        }

        return taken;
    }

    public void End(long id, string outcome, string? error, string? note, DateTimeOffset now) => connection.Execute(
        "UPDATE job_runs SET ended_at = @at, outcome = @outcome, error = @error, note = @note WHERE id = @id",
        new { id, outcome, error, note, at = Iso(now) });

    /// <summary>The latest runs, newest first: of every job, or of <paramref name="job"/> only.</summary>
    public IReadOnlyList<JobRun> Recent(int limit = 100, string? job = null) => connection.Query<JobRun>(
        $"""
        SELECT id AS Id, job AS Job, parameters AS Parameters, node AS Node, started_at AS StartedAt,
               ended_at AS EndedAt, outcome AS Outcome, error AS Error, note AS Note
        FROM job_runs {(job is null ? string.Empty : "WHERE job = @job")} ORDER BY id DESC LIMIT @limit
        """,
        new { limit, job }).AsList();

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
