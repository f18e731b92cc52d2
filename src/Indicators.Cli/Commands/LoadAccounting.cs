using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dapper;
using Indicators.Jobs;
using Indicators.Storage;
using Indicators.Submissions;

namespace Indicators.Cli.Commands;

/// <summary>A submission as <c>GET /api/submissions</c> lists it.</summary>
internal sealed record SubmissionView(long Id, string Region, string Quarter, string File, string Status, int RowsRead, int RowsAccepted, int RowsRejected, long? DuplicateOf, DateTimeOffset? ReceivedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>From receipt to the final status, in seconds (null while pending).</summary>
    public double? SecondsToFinal => ReceivedAt is { } r && CompletedAt is { } c ? (c - r).TotalSeconds : null;
}

/// <summary>The portal's database after the load: each submission made since it began, with its stored rows.</summary>
internal sealed record DatabaseView(long Id, string Status, int RowsAccepted, long Responses);

/// <summary>A job's runs since the load began, and its one-off triggers still waiting when the counts were taken.</summary>
internal sealed record JobCount(string Job, int Succeeded, int Failed, int Queued);

/// <summary>
/// After the load: waits until none of its submissions is pending, reads every one back through the
/// API, reads the portal's database, and checks that each upload ended as its kind says it must,
/// and that the API and the database agree, submission by submission.
/// </summary>
internal static class LoadAccounting
{
    /// <summary>The highest submission id before the load (0 for none): what the load makes comes after.</summary>
    public static long LastId(Database database)
    {
        using var c = database.Connect();
        return c.ExecuteScalar<long?>("SELECT MAX(id) FROM submissions") ?? 0;
    }

    /// <summary>Waits until every id in <paramref name="ours"/> is listed and none is pending; the final listing.</summary>
    public static async Task<Dictionary<long, SubmissionView>> Settle(HttpClient http, IReadOnlyList<LoadAccount> readers, IReadOnlySet<long> ours, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var said = TimeSpan.Zero;
        while (true)
        {
            var seen = await List(http, readers, ours).ConfigureAwait(false);
            var pending = ours.Count(id => !seen.TryGetValue(id, out var s) || s.Status == SubmissionStatus.Pending);
            if (pending == 0 || clock.Elapsed > timeout)
            {
                return seen;
            }

            if (clock.Elapsed - said >= TimeSpan.FromSeconds(10))
            {
                said = clock.Elapsed;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {pending:N0} of {ours.Count:N0} uploads still being imported ({clock.Elapsed.TotalSeconds:F0} s)"));
            }

            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }

    /// <summary>Every submission of <paramref name="ours"/> the readers' tokens can see, page by page.</summary>
    public static async Task<Dictionary<long, SubmissionView>> List(HttpClient http, IReadOnlyList<LoadAccount> readers, IReadOnlySet<long> ours)
    {
        const int Page = 1000;
        var found = new Dictionary<long, SubmissionView>();
        var oldest = ours.Count == 0 ? long.MaxValue : ours.Min();
        foreach (var reader in readers)
        {
            for (var offset = 0; ; offset += Page)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions?offset={offset.ToString(CultureInfo.InvariantCulture)}&limit={Page.ToString(CultureInfo.InvariantCulture)}");
                request.Headers.Authorization = new("Bearer", reader.Token);
                using var response = await http.SendAsync(request).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var page = await response.Content.ReadFromJsonAsync<List<SubmissionView>>(BenchJson.Options).ConfigureAwait(false) ?? [];
                foreach (var s in page.Where(s => ours.Contains(s.Id)))
                {
                    found[s.Id] = s;
                }

                // Newest first: past the oldest of ours, the rest is older.
                if (page.Count < Page || page[^1].Id < oldest)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>Submissions after <paramref name="afterId"/> in the database, with their rows in <c>responses</c>.</summary>
    public static Dictionary<long, DatabaseView> Read(Database database, long afterId)
    {
        using var c = database.Connect();
        var responses = c.Query<(long Id, long Count)>(
            "SELECT submission_id, COUNT(*) FROM responses WHERE submission_id > @afterId GROUP BY submission_id", new { afterId })
            .ToDictionary(r => r.Id, r => r.Count);
        return c.Query<(long Id, string Status, int? RowsAccepted)>(
            "SELECT id, status, rows_accepted FROM submissions WHERE id > @afterId", new { afterId })
            .ToDictionary(s => s.Id, s => new DatabaseView(s.Id, s.Status, s.RowsAccepted ?? 0, responses.GetValueOrDefault(s.Id)));
    }

    /// <summary>
    /// The import, computation and pack jobs run since <paramref name="since"/> (job_runs), and the
    /// one-off triggers of each still waiting in the scheduler's tables (cron triggers left out).
    /// </summary>
    public static List<JobCount> Jobs(Database database, DateTimeOffset since)
    {
        using var c = database.Connect();
        var runs = c.Query<(string Job, string Outcome, long Count)>(
            "SELECT job, outcome, COUNT(*) FROM job_runs WHERE started_at >= @since GROUP BY job, outcome",
            new { since = SubmissionStore.Iso(since) }).ToList();
        var queued = c.Query<(string Job, long Count)>(
            $"""
            SELECT t.job_name, COUNT(*) FROM {JobsSetup.TablePrefix}triggers t
            WHERE NOT EXISTS (SELECT 1 FROM {JobsSetup.TablePrefix}cron_triggers k
                              WHERE k.sched_name = t.sched_name AND k.trigger_name = t.trigger_name AND k.trigger_group = t.trigger_group)
            GROUP BY t.job_name
            """).ToDictionary(q => q.Job, q => q.Count);
        return new[] { JobNames.ImportSubmission, JobNames.ComputeIndicators, JobNames.BuildPacks }
            .Select(job => new JobCount(
                job,
                (int)runs.Where(r => r.Job == job && r.Outcome == "succeeded").Sum(r => r.Count),
                (int)runs.Where(r => r.Job == job && r.Outcome == "failed").Sum(r => r.Count),
                (int)queued.GetValueOrDefault(job)))
            .ToList();
    }

    /// <summary>What is wrong, one line each (empty: every upload accounted for).</summary>
    public static List<string> Check(IReadOnlyList<UploadRecord> uploads, IReadOnlyDictionary<long, SubmissionView> api, IReadOnlyDictionary<long, DatabaseView>? db)
    {
        var wrong = new List<string>();
        var ids = new HashSet<long>();
        foreach (var u in uploads)
        {
            var who = $"{u.File} ({u.Kind}, client {u.Client.ToString(CultureInfo.InvariantCulture)})";
            if (u.Problem is not null || u.Id is not { } id)
            {
                wrong.Add($"{who}: the upload failed: {u.Problem}");
                continue;
            }

            if (!ids.Add(id))
            {
                wrong.Add($"{who}: submission {id} given for two uploads");
            }

            if (!api.TryGetValue(id, out var s))
            {
                wrong.Add($"{who}: submission {id} not listed by the API");
                continue;
            }

            var expected = LoadSheets.ExpectedStatus(u.Kind);
            if (s.Status != expected)
            {
                wrong.Add($"{who}: submission {id} is {s.Status}, expected {expected}");
            }

            var rowsRight = u.Kind switch
            {
                UploadKind.Good => s.RowsRead == u.Rows && s.RowsAccepted == u.Rows && s.RowsRejected == 0,
                UploadKind.WithErrors => s.RowsRead == u.Rows && s.RowsRejected > 0 && s.RowsAccepted + s.RowsRejected == u.Rows,
                UploadKind.TooManyErrors => s.RowsRead == u.Rows && s.RowsAccepted == 0,
                _ => s.RowsAccepted == 0,
            };
            if (!rowsRight)
            {
                wrong.Add($"{who}: submission {id} has {s.RowsRead} rows read, {s.RowsAccepted} accepted, {s.RowsRejected} rejected, for a {u.Kind} sheet of {u.Rows}");
            }

            if (u.Kind == UploadKind.Duplicate && (u.HttpStatus != 200 || s.DuplicateOf != u.DuplicateOf))
            {
                wrong.Add($"{who}: submission {id} answered HTTP {u.HttpStatus}, duplicate of {s.DuplicateOf?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}, expected 200 and {u.DuplicateOf}");
            }

            if (db is null)
            {
                continue;
            }

            if (!db.TryGetValue(id, out var d))
            {
                wrong.Add($"{who}: submission {id} is not in the database");
            }
            else if (d.Status != s.Status || d.RowsAccepted != s.RowsAccepted || d.Responses != s.RowsAccepted)
            {
                wrong.Add($"{who}: submission {id}: API {s.Status} with {s.RowsAccepted} rows, database {d.Status} with rows_accepted {d.RowsAccepted} and {d.Responses} rows in responses");
            }
        }

        if (db is not null)
        {
            foreach (var extra in db.Keys.Where(id => !ids.Contains(id)).Order())
            {
                wrong.Add($"submission {extra} is in the database but no upload of this load received it");
            }
        }

        return wrong;
    }
}
