using System.Globalization;
using System.Net;
using Dapper;
using Indicators.Accounts;
using Indicators.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Indicators.Web.Tests;

/// <summary>The jobs page: schedule and next runs from the scheduler, "run now", and the history that records it.</summary>
public sealed class AdminJobsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private (long Count, long MaxId) Runs(string job)
    {
        using var c = portal.Database.Connect();
        return c.QuerySingle<(long, long)>("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM job_runs WHERE job = @job", new { job });
    }

    /// <summary>The job's runs after <paramref name="afterId"/> once one has ended (polled, generous timeout).</summary>
    private async Task<(long Id, string Parameters, string Outcome)> WaitForRun(string job, long afterId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using (var c = portal.Database.Connect())
            {
                var run = c.QueryFirstOrDefault<(long Id, string Parameters, string Outcome)>(
                    "SELECT id, parameters, outcome FROM job_runs WHERE job = @job AND id > @afterId AND outcome <> 'running' ORDER BY id LIMIT 1",
                    new { job, afterId });
                if (run.Id != 0)
                {
                    return run;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no run of {job} recorded within {Patience.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData(JobNames.ComputeIndicators, "", "")]
    [InlineData(JobNames.BuildPacks, "2025t3", "quarter=2025Q3")]
    [InlineData(JobNames.SubmissionReminders, "", "")]
    public async Task Run_now_starts_the_job_and_the_history_shows_its_run(string job, string quarter, string parameters)
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var before = Runs(job);
        var fields = new Dictionary<string, string> { ["run"] = job };
        if (quarter.Length > 0)
        {
            fields["quarter"] = quarter;
        }

        var response = await PortalFactory.PostForm(admin, "/admin/jobs?handler=Run", fields, formPage: "/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("exécution demandée", after, StringComparison.Ordinal);

        var run = await WaitForRun(job, before.MaxId);
        Assert.Equal(("succeeded", parameters), (run.Outcome, run.Parameters));
        var history = await admin.GetStringAsync($"/admin/jobs?job={job}");
        Assert.Contains($"<tr data-job=\"{job}\">", history, StringComparison.Ordinal);
        Assert.Contains("status-succeeded\">réussie<", history, StringComparison.Ordinal);
        // Filtered: no other job's runs.
        Assert.DoesNotMatch("<tr data-job=\"(?!" + job + "\")", history);
    }

    [Fact]
    public async Task Unknown_jobs_and_bad_quarters_are_refused()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var unknown = await PortalFactory.PostForm(admin, "/admin/jobs?handler=Run", new() { ["run"] = JobNames.ImportSubmission }, formPage: "/admin/jobs");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var before = Runs(JobNames.ComputeIndicators);
        var bad = await PortalFactory.PostForm(admin, "/admin/jobs?handler=Run", new() { ["run"] = JobNames.ComputeIndicators, ["quarter"] = "2025Q5" }, formPage: "/admin/jobs");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Trimestre invalide", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Count, Runs(JobNames.ComputeIndicators).Count);
    }

    [Fact]
    public async Task The_schedule_shows_each_cron_and_the_next_run_in_the_page_language()
    {
        var schedule = portal.Services.GetRequiredService<JobsOptions>().Schedule;
        var cron = schedule.Crons[JobNames.SubmissionReminders];
        // A weekly job: its next fire is the same whenever in the week the page is read (but at the fire itself).
        var next = new CronExpression(cron).GetNextValidTimeAfter(DateTimeOffset.UtcNow)!.Value;
        foreach (var (lang, culture) in new[] { ("fr", "fr-MA"), ("ar", "ar-MA") })
        {
            var admin = await portal.SignIn(portal.AddUser(Roles.Admin, lang: lang));
            var html = await admin.GetStringAsync("/admin/jobs");
            Assert.Contains(System.Net.WebUtility.HtmlEncode(cron), html, StringComparison.Ordinal);
            Assert.Contains(next.ToLocalTime().ToString("g", CultureInfo.GetCultureInfo(culture)), html, StringComparison.Ordinal);
        }
    }
}

/// <summary>A portal beside worker nodes: it stores the triggers but runs no job.</summary>
public sealed class WorkerNodesPortal : PortalFactory
{
    protected override bool RunJobs => false;
}

public sealed class AdminJobsOnWorkersTests(WorkerNodesPortal portal) : IClassFixture<WorkerNodesPortal>
{
    [Fact]
    public async Task The_page_says_jobs_run_on_worker_nodes()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var html = await admin.GetStringAsync("/admin/jobs");
        Assert.Contains("nœuds de traitement", html, StringComparison.Ordinal);
        Assert.Contains("0 0 8 ? * MON", html, StringComparison.Ordinal);
    }
}
