using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Cli.Commands;

/// <summary>One upload as the client saw it: what it sent, the answer, how long the answer took.</summary>
internal sealed record UploadRecord(
    int Client,
    UploadKind Kind,
    string File,
    string Region,
    string Quarter,
    int Rows,
    int HttpStatus,
    double Milliseconds,
    long? Id,
    string? AnsweredStatus,
    long? DuplicateOf,
    string? Problem);

/// <summary>One download by a planner: the API's CSV or a pack through the signed-in pages.</summary>
internal sealed record DownloadRecord(string Kind, int HttpStatus, double Milliseconds, long Bytes, string? Problem);

/// <summary>
/// The load's clients, each a loop until the deadline: uploaders send sheets through
/// <c>POST /api/submissions</c> one after another (no pause: 20 of them keep the portal busy);
/// planners download the indicators' CSV through the API and, signed in with a cookie, packs.
/// </summary>
internal sealed partial class LoadClients(HttpClient http, Uri url, int rowsPerSheet, string tag, DateTime deadline)
{
    private readonly IReadOnlyList<Quarter> quarters = LoadSheets.Quarters();
    private int sent;

    /// <summary>Uploads answered so far, by every client.</summary>
    public int Sent => Volatile.Read(ref sent);

    public async Task<List<UploadRecord>> Upload(int client, LoadAccount account)
    {
        var records = new List<UploadRecord>();
        var rng = new Random(client + 1);
        var region = Reference.Default.GetRegion(account.Region ?? Reference.Default.Regions[client % Reference.Default.Regions.Count].Code);
        var accepted = new List<(UploadRecord Record, byte[] Bytes)>(); // sent good sheets, oldest first, until seen accepted
        var confirmed = new List<(UploadRecord Record, byte[] Bytes)>();
        for (var n = 0; DateTime.UtcNow < deadline; n++)
        {
            // Clients start spread over the cycle (7 is prime to its length), so that even a short run
            // with few clients meets every kind early: the third client's first sheets are rejected ones.
            var kind = LoadSheets.Cycle[((client * 7) + n) % LoadSheets.Cycle.Length];
            (UploadRecord Record, byte[] Bytes)? original = null;
            if (kind == UploadKind.Duplicate)
            {
                original = await Confirmed(account, accepted, confirmed, rng).ConfigureAwait(false);
                kind = original is null ? UploadKind.Good : kind;
            }

            byte[] bytes;
            string file, quarter;
            if (original is { } o)
            {
                (bytes, file, quarter) = (o.Bytes, o.Record.File, o.Record.Quarter);
            }
            else
            {
                var q = quarters[rng.Next(quarters.Count)];
                quarter = q.ToString();
                var label = string.Create(CultureInfo.InvariantCulture, $"load-{tag}-c{client:D2}-{n:D5}");
                file = $"{label}-{kind.ToString().ToLowerInvariant()}.xlsx";
                bytes = LoadSheets.Make(kind, region, q, rowsPerSheet, (client * 100_000) + n, label);
            }

            var record = await Send(client, account, kind, bytes, file, region.Code, quarter, original?.Record.Id).ConfigureAwait(false);
            records.Add(record);
            if (kind == UploadKind.Good && record.Id is not null)
            {
                accepted.Add((record, bytes));
            }
        }

        return records;
    }

    public async Task<List<DownloadRecord>> Plan(int planner, LoadAccount account, TimeSpan pause)
    {
        var records = new List<DownloadRecord>();
        var rng = new Random(1000 + planner);
        HttpClient? pages = null;
        try
        {
            if (account.Password is not null)
            {
                pages = await SignIn(account).ConfigureAwait(false);
            }

            var regions = Reference.Default.Regions.Where(r => account.Region is null || r.Code == account.Region).Select(r => r.Code).ToList();
            if (account.SeesEveryRegion)
            {
                regions.Add(Statistics.Dim.Total);
            }

            // At least one round, even when signing in took the whole run (a short run on a busy machine).
            do
            {
                var quarter = quarters[rng.Next(quarters.Count)].ToString();
                var region = regions[rng.Next(regions.Count)];
                records.Add(await Download("csv", account.Token, null, $"/api/indicators?region={region}&quarter={quarter}&format=csv").ConfigureAwait(false));
                if (pages is not null)
                {
                    var lang = rng.Next(2) == 0 ? "fr" : "ar";
                    records.Add(await Download("pack", null, pages, $"/packs/download?region={region}&quarter={quarter}&lang={lang}").ConfigureAwait(false));
                }

                await Task.Delay(pause).ConfigureAwait(false);
            }
            while (DateTime.UtcNow < deadline);
        }
        finally
        {
            pages?.Dispose();
        }

        return records;
    }

    private async Task<UploadRecord> Send(int client, LoadAccount account, UploadKind kind, byte[] bytes, string file, string region, string quarter, long? duplicateOf)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", file);
        form.Add(new StringContent(quarter), "quarter");
        if (account.Role == Accounts.Roles.Admin)
        {
            form.Add(new StringContent(region), "region");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/submissions") { Content = form };
        request.Headers.Authorization = new("Bearer", account.Token);
        var clock = Stopwatch.StartNew();
        var rows = kind == UploadKind.Damaged ? 0 : rowsPerSheet;
        try
        {
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var ms = clock.Elapsed.TotalMilliseconds;
            Interlocked.Increment(ref sent);
            if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
            {
                return new UploadRecord(client, kind, file, region, quarter, rows, (int)response.StatusCode, ms, null, null, duplicateOf, $"HTTP {(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
            }

            var answer = System.Text.Json.JsonSerializer.Deserialize<Answer>(text, BenchJson.Options);
            var id = answer?.Id ?? answer?.SubmissionId;
            return new UploadRecord(client, kind, file, region, quarter, rows, (int)response.StatusCode, ms, id, answer?.Status, duplicateOf, id is null ? "no submission id in the answer" : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return new UploadRecord(client, kind, file, region, quarter, rows, 0, clock.Elapsed.TotalMilliseconds, null, null, duplicateOf, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>An accepted sheet of this client to send again: its oldest sent ones are asked about until one is still pending.</summary>
    private async Task<(UploadRecord Record, byte[] Bytes)?> Confirmed(LoadAccount account, List<(UploadRecord Record, byte[] Bytes)> sent, List<(UploadRecord Record, byte[] Bytes)> confirmed, Random rng)
    {
        while (sent.Count > 0)
        {
            var status = await Status(account, sent[0].Record.Id!.Value).ConfigureAwait(false);
            if (status == SubmissionStatus.Pending || status is null)
            {
                break;
            }

            if (status == SubmissionStatus.Accepted)
            {
                confirmed.Add(sent[0]);
            }

            sent.RemoveAt(0);
        }

        return confirmed.Count == 0 ? null : confirmed[rng.Next(confirmed.Count)];
    }

    private async Task<string?> Status(LoadAccount account, long id)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/submissions/{id.ToString(CultureInfo.InvariantCulture)}");
            request.Headers.Authorization = new("Bearer", account.Token);
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<Answer>().ConfigureAwait(false))?.Status : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<DownloadRecord> Download(string kind, string? token, HttpClient? pages, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await (pages ?? http).SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var bytes = await Drain(body).ConfigureAwait(false);
            var ms = clock.Elapsed.TotalMilliseconds;

            // 404 for a pack is a quarter without figures yet (the page says so), not a failure.
            var ok = response.IsSuccessStatusCode || (kind == "pack" && response.StatusCode == HttpStatusCode.NotFound);
            return new DownloadRecord(kind, (int)response.StatusCode, ms, bytes, ok ? null : $"HTTP {(int)response.StatusCode} for {path}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new DownloadRecord(kind, 0, clock.Elapsed.TotalMilliseconds, 0, e.GetType().Name + ": " + e.Message);
        }
    }

    private static async Task<long> Drain(Stream body)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>A client signed in through the login form (its anti-forgery token, then the post), keeping the cookie.</summary>
    private async Task<HttpClient> SignIn(LoadAccount account)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = url, Timeout = http.Timeout };
        var html = await client.GetStringAsync("/account/login").ConfigureAwait(false);
        var token = AntiforgeryField().Match(html);
        if (!token.Success)
        {
            client.Dispose();
            throw new InvalidOperationException("no anti-forgery token on /account/login");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = account.Email!,
            ["Password"] = account.Password!,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using var response = await client.PostAsync("/account/login", form).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"signing in as {account.Email} answered {(int)response.StatusCode}");
        }

        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The fields of an upload's answer: 202 <c>{id, status, url}</c>, or 200 with the final result (<c>submissionId</c>, <c>status</c>, <c>duplicateOf</c>).</summary>
    private sealed record Answer(long? Id, long? SubmissionId, string? Status, long? DuplicateOf);
}
