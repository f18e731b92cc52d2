using System.Text.Json;
using Quartz;

namespace Indicators.Jobs;

/// <summary>
/// Each job's cron, as data (jobs/schedule.json), read at start-up: a bad cron or an unknown job
/// stops the node with a message that names the file, the job and the problem.
/// </summary>
public sealed record Schedule(IReadOnlyDictionary<string, string> Crons, string Source)
{
    public static Schedule Load(string? path = null)
    {
        path ??= Find();
        Dictionary<string, string> crons;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            crons = doc.RootElement.GetProperty("jobs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new ScheduleException($"{path}: not a schedule ({e.Message}). Expected {{ \"jobs\": {{ \"ScanDropFolders\": \"0 * * * * ?\", ... }} }}.");
        }

        foreach (var (job, cron) in crons)
        {
            if (!JobNames.Scheduled.Contains(job))
            {
                throw new ScheduleException($"{path}: unknown job '{job}'. Jobs that take a schedule: {string.Join(", ", JobNames.Scheduled)}.");
            }

            if (!CronExpression.TryParse(cron, out _))
            {
                throw new ScheduleException($"{path}: the cron of {job} is not valid: '{cron}' (Quartz cron: seconds minutes hours day-of-month month day-of-week, e.g. \"0 30 2 * * ?\").");
            }
        }

        return new Schedule(crons, path);
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("INDICATORS_SCHEDULE") is { Length: > 0 } env)
        {
            return env;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "schedule.json");
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "jobs", "schedule.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ScheduleException("jobs/schedule.json not found (set INDICATORS_SCHEDULE).");
    }
}

public sealed class ScheduleException(string message) : Exception(message);

public static class JobNames
{
    public const string ImportSubmission = "ImportSubmission";
    public const string ScanDropFolders = "ScanDropFolders";
    public const string ComputeIndicators = "ComputeIndicators";
    public const string BuildPacks = "BuildPacks";
    public const string SubmissionReminders = "SubmissionReminders";

    public static readonly IReadOnlySet<string> Scheduled = new HashSet<string>(StringComparer.Ordinal) { ScanDropFolders, ComputeIndicators, BuildPacks, SubmissionReminders };
}
