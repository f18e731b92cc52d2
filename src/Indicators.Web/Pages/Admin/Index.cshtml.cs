using Dapper;
using Indicators.Accounts;
using Indicators.Jobs;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Admin;

/// <summary>
/// The administrator's overview: accounts, submissions by status over the latest quarters, each
/// job's last run. The admin pages are for people signed in by cookie: an administrator's API
/// token does not open them.
/// </summary>
public sealed class IndexModel(Database database) : PageModel
{
    /// <summary>Quarters shown in the submissions table.</summary>
    public const int QuarterCount = 4;

    public static readonly IReadOnlyList<string> Statuses =
        [SubmissionStatus.Pending, SubmissionStatus.Accepted, SubmissionStatus.AcceptedWithErrors, SubmissionStatus.Rejected, SubmissionStatus.Duplicate];

    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    /// <summary>The latest quarters with submissions, newest first.</summary>
    public IReadOnlyList<string> Quarters { get; private set; } = [];

    public IReadOnlyDictionary<(string Quarter, string Status), long> Submissions { get; private set; } = new Dictionary<(string, string), long>();

    /// <summary>Each job's latest run, or null when it never ran.</summary>
    public IReadOnlyList<(string Job, JobRun? Run)> LastRuns { get; private set; } = [];

    public void OnGet()
    {
        using var connection = database.Connect();
        Users = new UserStore(connection).List();
        var counts = connection.Query<(string Quarter, string Status, long Count)>(
            "SELECT quarter, status, COUNT(*) FROM submissions GROUP BY quarter, status").AsList();
        Quarters = counts.Select(c => c.Quarter).Distinct().OrderDescending(StringComparer.Ordinal).Take(QuarterCount).ToList();
        Submissions = counts.ToDictionary(c => (c.Quarter, c.Status), c => c.Count);
        var runs = new JobRunStore(connection);
        LastRuns = JobsModel.AllJobs.Select(job => (job, runs.Recent(1, job).FirstOrDefault())).ToList();
    }

    public long Count(string quarter, string status) => Submissions.GetValueOrDefault((quarter, status));
}
