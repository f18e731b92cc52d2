using Indicators.Jobs;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Quartz;

namespace Indicators.Web.Pages.Admin;

/// <summary>
/// The jobs: the history (optionally of one job), each scheduled job's cron and next runs as the
/// scheduler has them, and "run now" for the jobs that need no submission.
/// </summary>
public sealed class JobsModel(Database database, ISchedulerFactory schedulers, JobsOptions jobs, PortalOptions portal) : PageModel
{
    public const int HistoryLength = 100;

    /// <summary>Every job, in the order the pages show them.</summary>
    public static readonly IReadOnlyList<string> AllJobs =
        [JobNames.ImportSubmission, JobNames.ScanDropFolders, JobNames.ComputeIndicators, JobNames.BuildPacks, JobNames.SubmissionReminders];

    /// <summary>The jobs an administrator may start by hand.</summary>
    public static readonly IReadOnlyList<string> Runnable =
        [JobNames.ComputeIndicators, JobNames.BuildPacks, JobNames.ScanDropFolders, JobNames.SubmissionReminders];

    /// <summary>Jobs that take an optional quarter.</summary>
    public static readonly IReadOnlySet<string> TakesQuarter = new HashSet<string>(StringComparer.Ordinal) { JobNames.ComputeIndicators, JobNames.BuildPacks };

    public sealed record Planned(string Job, string? Cron, IReadOnlyList<DateTimeOffset> NextRuns);

    [BindProperty(SupportsGet = true, Name = "job")]
    public string? Job { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Started { get; set; }

    public IReadOnlyList<JobRun> History { get; private set; } = [];

    public IReadOnlyList<Planned> Plan { get; private set; } = [];

    /// <summary>Whether this node runs the jobs (else worker nodes do).</summary>
    public bool RunsJobs => portal.Jobs;

    /// <summary>The key of the text that says why a run was refused, or null.</summary>
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => await Load().ConfigureAwait(false);

    public async Task<IActionResult> OnPostRunAsync(string? run, string? quarter)
    {
        if (run is null || !Runnable.Contains(run))
        {
            return BadRequest();
        }

        var parameters = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(quarter))
        {
            if (!TakesQuarter.Contains(run) || !Quarter.TryParse(quarter, out var q))
            {
                Problem = "admin.jobs.bad_quarter";
                Job = run;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await Load().ConfigureAwait(false);
                return Page();
            }

            parameters.Add(("quarter", q.Value.ToString()));
        }

        var scheduler = await schedulers.GetScheduler(HttpContext.RequestAborted).ConfigureAwait(false);
        JobTriggers.Fire(scheduler, run, [.. parameters]);
        return Redirect($"/admin/jobs?job={Uri.EscapeDataString(run)}&started={Uri.EscapeDataString(run)}");
    }

    private async Task Load()
    {
        if (Job is not null && !AllJobs.Contains(Job))
        {
            Job = null;
        }

        if (Started is not null && !Runnable.Contains(Started))
        {
            Started = null;
        }

        using (var connection = database.Connect())
        {
            History = new JobRunStore(connection).Recent(HistoryLength, Job);
        }

        var scheduler = await schedulers.GetScheduler(HttpContext.RequestAborted).ConfigureAwait(false);
        var plan = new List<Planned>();
        foreach (var job in Runnable)
        {
            var triggers = await scheduler.GetTriggersOfJob(new JobKey(job), HttpContext.RequestAborted).ConfigureAwait(false);
            var next = triggers.Select(t => t.NextFireTimeUtc).OfType<DateTimeOffset>().Order().ToList();
            plan.Add(new Planned(job, jobs.Schedule.Crons.GetValueOrDefault(job), next));
        }

        Plan = plan;
    }
}
