using System.Globalization;
using Indicators.Storage;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Indicators.Jobs;

/// <summary>
/// A thin job: records the run in the job history under its fire key before working (so a second
/// fire of the same trigger, on any node, does nothing), calls one Core use case, and records the
/// outcome. A failure is rethrown for Quartz's retry policy (exponential backoff).
/// </summary>
public abstract class RecordedJob(JobsOptions options, ILogger logger) : IJob
{
    /// <summary>How long a job waits for the database to record its outcome.</summary>
    private static readonly TimeSpan OutcomeRetry = TimeSpan.FromMinutes(5);

    protected JobsOptions Options => options;

    protected ILogger Logger => logger;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var parameters = string.Join(";", context.MergedJobDataMap.Keys.Where(k => !k.StartsWith("QRTZ_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(k => $"{k}={context.MergedJobDataMap.GetString(k)}"));
        // A fire is its trigger and scheduled time. The scheduler re-runs a dead node's job under a
        // recovery trigger: its key is built from the original trigger and time, so it takes over.
        var trigger = context.Recovering && context.RecoveringTriggerKey is { } recovered ? recovered.ToString() : context.Trigger.Key.ToString();
        var scheduled = context.Recovering && OriginalFireTime(context) is { } original ? original : context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var fireKey = $"{name}|{trigger}|{scheduled.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{parameters}";
        long? run;
        using (var c = options.Database.Connect())
        {
            if (context.Recovering)
            {
                fireKey = RecoveredKey(c, name, trigger, scheduled, parameters) ?? fireKey;
            }

            run = new JobRunStore(c).Begin(name, parameters, fireKey, options.Node, DateTimeOffset.UtcNow, context.Recovering);
        }

        if (run is null)
        {
            logger.LogInformation("{Job} {Key}: already run or running elsewhere, skipped", name, fireKey);
            return;
        }

        string? note;
        try
        {
            note = await Task.Run(() => Run(context), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (DatabaseErrors.IsUnreachable(e))
            {
                logger.LogWarning("{Job} failed: the database is unreachable ({Message}); it will be tried again", name, e.Message);
                DatabaseErrors.ForgetPooledConnections(options.Database);
            }
            else
            {
                logger.LogError(e, "{Job} failed: {Message}", name, e.Message);
            }

            End(run.Value, "failed", e.GetType().Name + ": " + e.Message, null, cancellationToken);
            throw new JobExecutionException(e);
        }

        End(run.Value, "succeeded", null, note, cancellationToken);
    }

    /// <summary>
    /// The key the dead node recorded its run under. The scheduler hands the original fire time to
    /// a recovery to the second only (a settle trigger fires at any millisecond): the run of the
    /// same job, trigger and parameters scheduled within that second, left running or failed.
    /// </summary>
    private static string? RecoveredKey(System.Data.Common.DbConnection connection, string name, string trigger, DateTimeOffset scheduled, string parameters)
    {
        var second = scheduled.ToUnixTimeSeconds();
        var prefix = $"{name}|{trigger}|";
        return Dapper.SqlMapper.Query<string>(
                connection,
                "SELECT fire_key FROM job_runs WHERE fire_key LIKE @pattern AND outcome IN ('running', 'failed') ORDER BY id DESC",
                new { pattern = prefix + second.ToString(CultureInfo.InvariantCulture) + "%" })
            .FirstOrDefault(key => key.Length == prefix.Length + 14 + parameters.Length
                && key.EndsWith("|" + parameters, StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(prefix.Length, 13), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && ms / 1000 == second);
    }

    /// <summary>When the run a recovery takes over was due (to the second), if the scheduler says.</summary>
    protected static DateTimeOffset? OriginalFireTime(IJobExecutionContext context)
    {
        var text = context.MergedJobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number > 100_000_000_000_000 ? new DateTimeOffset(number, TimeSpan.Zero) : DateTimeOffset.FromUnixTimeMilliseconds(number);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    /// <summary>The work; returns a short note for the history (what was done), or null.</summary>
    protected abstract string? Run(IJobExecutionContext context);

    /// <summary>
    /// Records the outcome, waiting out a database that went away (up to <see cref="OutcomeRetry"/>):
    /// a run left <c>running</c> in the history would say a job still works that ended long ago.
    /// </summary>
    private void End(long run, string outcome, string? error, string? note, CancellationToken cancellationToken)
    {
        var giveUp = DateTimeOffset.UtcNow + OutcomeRetry;
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                using var c = options.Database.Connect();
                new JobRunStore(c).End(run, outcome, error, note, DateTimeOffset.UtcNow);
                return;
            }
            catch (Exception e) when (DatabaseErrors.IsUnreachable(e) && DateTimeOffset.UtcNow + wait < giveUp && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Run {Run} ({Outcome}) not recorded yet, the database is unreachable ({Message}): trying again in {Seconds} s", run, outcome, e.Message, wait.TotalSeconds);
                DatabaseErrors.ForgetPooledConnections(options.Database);
                cancellationToken.WaitHandle.WaitOne(wait);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
