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
    protected JobsOptions Options => options;

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
            run = new JobRunStore(c).Begin(name, parameters, fireKey, options.Node, DateTimeOffset.UtcNow, context.Recovering);
        }

        if (run is null)
        {
            logger.LogInformation("{Job} {Key}: already run or running elsewhere, skipped", name, fireKey);
            return;
        }

        try
        {
            var note = await Task.Run(() => Run(context), cancellationToken).ConfigureAwait(false);
            End(run.Value, "succeeded", null, note);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Job} failed: {Message}", name, e.Message);
            End(run.Value, "failed", e.GetType().Name + ": " + e.Message, null);
            throw new JobExecutionException(e);
        }
    }

    private static DateTimeOffset? OriginalFireTime(IJobExecutionContext context)
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

    private void End(long run, string outcome, string? error, string? note)
    {
        using var c = options.Database.Connect();
        new JobRunStore(c).End(run, outcome, error, note, DateTimeOffset.UtcNow);
    }
}
