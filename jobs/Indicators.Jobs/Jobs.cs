using System.Globalization;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Inbox;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Reminders;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Indicators.Jobs;

/// <summary>
/// Completes one submission (<c>submissionId</c>): a new one, or one a crash left pending; then,
/// while it holds the job (one import at a time, on every node), the rest of the queue, oldest
/// first. A Quartz fire costs about as much as a small import (0.1 s on SQLite): under load the
/// queue drains at the imports' pace, and each waiting trigger finds its submission done at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ImportSubmissionJob(JobsOptions options, ILogger<ImportSubmissionJob> logger) : RecordedJob(options, logger)
{
    /// <summary>How long one run goes on taking the queue, so that it ends and others may run.</summary>
    private static readonly TimeSpan DrainFor = TimeSpan.FromSeconds(60);

    protected override string? Run(IJobExecutionContext context)
    {
        var id = long.Parse(context.MergedJobDataMap.GetString("submissionId")!, CultureInfo.InvariantCulture);
        var importer = new ImportSubmission(Options.Database, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System);
        var notes = new List<string> { Complete(context, importer, id) };
        var until = DateTime.UtcNow + DrainFor;
        foreach (var next in ImportSubmission.Pending(Options.Database).Where(p => p != id))
        {
            if (DateTime.UtcNow > until || context.CancellationToken.IsCancellationRequested)
            {
                break;
            }

            notes.Add(Complete(context, importer, next));

            // Its own trigger, waiting behind this run, has nothing left to do.
            context.Scheduler.UnscheduleJob(JobTriggers.SubmissionTrigger(next)).AsTask().GetAwaiter().GetResult();
        }

        return string.Join("; ", notes);
    }

    private string Complete(IJobExecutionContext context, ImportSubmission importer, long id)
    {
        if (ImportSubmission.StatusOf(Options.Database, id) is { } done and not SubmissionStatus.Pending)
        {
            return $"submission {id}: {done} (completed earlier)";
        }

        var result = importer.Resume(id);
        if (result.Quarter is { } q && result.Status is SubmissionStatus.Accepted or SubmissionStatus.AcceptedWithErrors)
        {
            JobTriggers.FireForQuarter(context.Scheduler, JobNames.ComputeIndicators, q);
        }

        return $"submission {id}: {result.Status}, {result.RowsAccepted} rows accepted";
    }
}

/// <summary>Imports every settled file of the drop folders (recomputing their quarters), moves it to processed/ or rejected/, and has the packs rebuilt.</summary>
[DisallowConcurrentExecution]
public sealed class ScanDropFoldersJob(JobsOptions options, DropFolder folder, ILogger<ScanDropFoldersJob> logger) : RecordedJob(options, logger)
{
    protected override string? Run(IJobExecutionContext context)
    {
        if (context.Recovering)
        {
            // The node that ran this scan died, perhaps after storing a sheet but before computing
            // its quarter, or after computing it but before asking for its packs: the file is no
            // longer in the inbox to say so.
            JobTriggers.ComputeStale(context.Scheduler, Options.Database, Logger);
            JobTriggers.BuildPacksComputedSince(context.Scheduler, Options.Database, OriginalFireTime(context) ?? DateTimeOffset.UtcNow - JobRunStore.Abandoned);
        }

        var results = folder.Scan();
        // A file is still settling: look again shortly rather than at the next minute (one such
        // trigger waiting at a time, whatever started the scan). The settle trigger that started
        // this very scan is still stored while it runs, and does not count: without a new one, a
        // file seen settling by it waited for the next minute.
        const string settle = JobNames.ScanDropFolders + ".settle";
        var waiting = context.Scheduler.GetTriggersOfJob(context.JobDetail.Key).AsTask().GetAwaiter().GetResult()
            .Any(t => t.Key.Name.StartsWith(settle, StringComparison.Ordinal) && !t.Key.Equals(context.Trigger.Key));
        if (folder.Waiting > 0 && !waiting)
        {
            var trigger = TriggerBuilder.Create().WithIdentity($"{settle}.{Guid.NewGuid():N}").ForJob(JobNames.ScanDropFolders).StartAt(DateTimeOffset.UtcNow.AddMilliseconds(700)).Build();
            context.Scheduler.ScheduleJob(trigger).AsTask().GetAwaiter().GetResult();
        }

        // The scan recomputed the quarters it accepted rows for (DropFolder does, as an import
        // does): what is left is their packs.
        foreach (var q in results.Where(r => r.Status is SubmissionStatus.Accepted or SubmissionStatus.AcceptedWithErrors).Select(r => r.Quarter).Distinct())
        {
            JobTriggers.FireForQuarter(context.Scheduler, JobNames.BuildPacks, q);
        }

        return results.Count == 0 ? null : string.Join("; ", results.Select(r => $"{Path.GetFileName(r.File)}: {r.Status}"));
    }
}

/// <summary>Recomputes a quarter (<c>quarter</c>), or every quarter; then builds its packs.</summary>
[DisallowConcurrentExecution]
public sealed class ComputeIndicatorsJob(JobsOptions options, ILogger<ComputeIndicatorsJob> logger) : RecordedJob(options, logger)
{
    protected override string? Run(IJobExecutionContext context)
    {
        List<Quarter>? quarters = context.MergedJobDataMap.GetString("quarter") is { Length: > 0 } q ? [Quarter.Parse(q)] : null;
        var runs = ComputeIndicators.Run(Options.Database, quarters);
        foreach (var run in runs.Where(r => quarters is not null))
        {
            JobTriggers.FireForQuarter(context.Scheduler, JobNames.BuildPacks, run.Quarter);
        }

        return string.Join("; ", runs.Select(r => $"{r.Quarter}: {r.RowsUsed} rows from {r.Submissions.Count} submissions"));
    }
}

/// <summary>Builds the packs of a quarter (<c>quarter</c>, or the one that just closed): every region, French and Arabic, and the national comparison.</summary>
[DisallowConcurrentExecution]
public sealed class BuildPacksJob(JobsOptions options, ILogger<BuildPacksJob> logger) : RecordedJob(options, logger)
{
    protected override string? Run(IJobExecutionContext context)
    {
        var quarter = context.MergedJobDataMap.GetString("quarter") is { Length: > 0 } q ? Quarter.Parse(q) : Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Previous;
        var builder = new PackBuilder(Options.Database);
        var written = new List<string>();
        foreach (var lang in new[] { Lang.Fr, Lang.Ar })
        {
            foreach (var region in Reference.Default.Regions.Select(r => (string?)r.Code).Append(null))
            {
                try
                {
                    written.Add(Path.GetFileName(builder.Build(new PackRequest(region, quarter, lang, Options.PacksDirectory)).ZipPath));
                }
                catch (PackException)
                {
                    // no figures for that region and quarter: nothing to publish
                }
            }
        }

        return $"{quarter}: {written.Count} packs";
    }
}

/// <summary>Stores (and e-mails when SMTP is configured) what is missing for the current quarter.</summary>
[DisallowConcurrentExecution]
public sealed class SubmissionRemindersJob(JobsOptions options, ILogger<SubmissionRemindersJob> logger) : RecordedJob(options, logger)
{
    protected override string? Run(IJobExecutionContext context)
    {
        var quarter = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow));
        var list = SubmissionReminders.Run(Options.Database, quarter);
        return $"{quarter}: {list.Count} reminders";
    }
}

/// <summary>Fires a job now, with parameters, as a one-off trigger.</summary>
public static class JobTriggers
{
    public static void Fire(IScheduler scheduler, string job, params (string Key, string Value)[] data)
    {
        var map = new JobDataMap();
        foreach (var (k, v) in data)
        {
            map[k] = v;
        }

        scheduler.TriggerJob(new JobKey(job), map).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Has a submission imported, under a trigger of its own name (a request for one already waiting is that one).</summary>
    public static void FireForSubmission(IScheduler scheduler, long id)
    {
        var trigger = TriggerBuilder.Create().WithIdentity(SubmissionTrigger(id)).ForJob(JobNames.ImportSubmission)
            .UsingJobData("submissionId", id.ToString(CultureInfo.InvariantCulture)).StartNow().Build();
        try
        {
            scheduler.ScheduleJob(trigger).AsTask().GetAwaiter().GetResult();
        }
        catch (ObjectAlreadyExistsException)
        {
            // already waiting, or running
        }
    }

    /// <summary>The trigger that imports a submission: an import run that completes it first unschedules it.</summary>
    public static TriggerKey SubmissionTrigger(long id) => new($"{JobNames.ImportSubmission}.{id.ToString(CultureInfo.InvariantCulture)}", "submission");

    /// <summary>
    /// Has a job run for a quarter, once for every request made before that run starts: each
    /// accepted import asks for its quarter to be computed, and a busy hour's requests for the
    /// same quarter are one computation, not one each. A quarter's run waits under one of two
    /// trigger names taking turns: a request finding its quarter's trigger waiting is already
    /// served (the run reads the figures after the request's data was committed); one finding it
    /// fired (the run may have read before that data) waits under the other name.
    /// </summary>
    public static void FireForQuarter(IScheduler scheduler, string job, string quarter)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            foreach (var turn in (ReadOnlySpan<string>)["a", "b"])
            {
                var key = new TriggerKey($"{job}.{quarter}.{turn}", QuarterGroup);
                var trigger = TriggerBuilder.Create().WithIdentity(key).ForJob(job).UsingJobData("quarter", quarter).StartNow().Build();
                try
                {
                    scheduler.ScheduleJob(trigger).AsTask().GetAwaiter().GetResult();
                    return;
                }
                catch (ObjectAlreadyExistsException)
                {
                    // A fired trigger stays stored, without a next fire time, until its run ends.
                    if (scheduler.GetTrigger(key).AsTask().GetAwaiter().GetResult()?.NextFireTimeUtc is not null)
                    {
                        return;
                    }
                }
            }
        }

        // Both names stayed taken by fired runs (or vanished between the two calls) twenty times
        // over: a trigger of its own rather than a lost request.
        Fire(scheduler, job, ("quarter", quarter));
    }

    /// <summary>The trigger group of <see cref="FireForQuarter"/>.</summary>
    public const string QuarterGroup = "quarter";

    /// <summary>Has every quarter computed whose figures do not come from exactly its active submissions (its packs are built after).</summary>
    public static void ComputeStale(IScheduler scheduler, Database database, ILogger logger)
    {
        foreach (var quarter in ComputeIndicators.StaleQuarters(database))
        {
            logger.LogInformation("The figures of {Quarter} are not those of its submissions: computing them", quarter);
            FireForQuarter(scheduler, JobNames.ComputeIndicators, quarter.ToString());
        }
    }

    /// <summary>Has the packs built of every quarter computed since <paramref name="since"/> (to the second).</summary>
    public static void BuildPacksComputedSince(IScheduler scheduler, Database database, DateTimeOffset since)
    {
        using var c = database.Connect();
        var from = since.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var quarter in Dapper.SqlMapper.Query<string>(c, "SELECT DISTINCT quarter FROM indicator_runs WHERE computed_at >= @from ORDER BY quarter", new { from }))
        {
            FireForQuarter(scheduler, JobNames.BuildPacks, quarter);
        }
    }
}
