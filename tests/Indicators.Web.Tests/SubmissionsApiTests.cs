using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Indicators.Accounts;
using Indicators.Storage;
using static Indicators.Web.Tests.SubmissionsTestFiles;

namespace Indicators.Web.Tests;

/// <summary>The submissions API: token only, each account's regions only, errors in three languages.</summary>
public class SubmissionsApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Without_a_token_the_api_answers_401_even_to_a_signed_in_browser()
    {
        var user = portal.AddUser(Roles.Observatory, "09");
        var browser = await portal.SignIn(user);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/api/submissions", Form(Sample("09", "2024Q1", rows: 10), "a.xlsx"))).StatusCode);

        var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/submissions/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/submissions/1/errors")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("ind_not-a-token").GetAsync("/api/submissions")).StatusCode);
    }

    [Fact]
    public async Task An_observatory_script_uploads_polls_and_reads_the_errors_in_three_languages()
    {
        var user = portal.AddUser(Roles.Observatory, "09");
        var api = Client(Token(user));
        var response = await api.PostAsync("/api/submissions", Form(SampleWith("09", "2025Q1", "=HYPERLINK(\"http://x\",\"y\")", "=1+1"), "script.xlsx", ("quarter", "2025Q1"), ("region", "05")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = accepted.RootElement.GetProperty("id").GetInt64();
        Assert.Equal("pending", accepted.RootElement.GetProperty("status").GetString());
        Assert.Equal($"/api/submissions/{id}", accepted.RootElement.GetProperty("url").GetString());
        Assert.Equal($"/api/submissions/{id}", response.Headers.Location!.OriginalString);

        var result = await WaitForApi(api, id);
        Assert.Equal("accepted_with_errors", result.GetProperty("status").GetString());
        Assert.Equal("09", result.GetProperty("region").GetString());
        Assert.Equal("script.xlsx", result.GetProperty("file").GetString());
        Assert.Equal(40, result.GetProperty("rowsRead").GetInt32());
        Assert.Equal(2, result.GetProperty("rowsRejected").GetInt32());
        var error = result.GetProperty("errors")[0];
        Assert.Equal("unknown_country", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("messages").GetProperty("ar").GetString()));

        using (var errors = JsonDocument.Parse(await api.GetStringAsync($"/api/submissions/{id}/errors")))
        {
            var list = errors.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, list.Count);
            Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", list[0].GetProperty("value").GetString());
            Assert.All(list, e =>
            {
                Assert.Equal("error", e.GetProperty("severity").GetString());
                Assert.Contains("pays inconnu", e.GetProperty("fr").GetString(), StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(e.GetProperty("ar").GetString()));
                Assert.False(string.IsNullOrEmpty(e.GetProperty("en").GetString()));
            });
        }

        var csv = await api.GetAsync($"/api/submissions/{id}/errors?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("severity,code,sheet,row,column,field,value,message_fr,message_ar,message_en", lines[0]);
        Assert.Equal(3, lines.Length);

        // Values a spreadsheet would run as formulas are written as text.
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",'=1+1,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_regions_submissions_are_not_found_and_not_listed()
    {
        var own = portal.Seed("09", "2023Q1", rows: 10).SubmissionId!.Value;
        var other = portal.Seed("02", "2023Q1", rows: 10).SubmissionId!.Value;
        var api = Client(Token(portal.AddUser(Roles.Observatory, "09")));

        foreach (var url in new[] { $"/api/submissions/{other}", $"/api/submissions/{other}/errors", $"/api/submissions/{other}/errors?format=csv", "/api/submissions/999999" })
        {
            var response = await api.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var e = body.RootElement.GetProperty("error");
            Assert.Equal("not_found", e.GetProperty("code").GetString());
            Assert.Equal("Envoi introuvable.", e.GetProperty("fr").GetString());
            Assert.Equal("الإرسال غير موجود.", e.GetProperty("ar").GetString());
            Assert.Equal("Submission not found.", e.GetProperty("en").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/submissions/{own}")).StatusCode);
        foreach (var query in new[] { "", "?region=02", "?quarter=2023Q1" })
        {
            var ids = await ListIds(api, "/api/submissions" + query);
            Assert.Contains(own, ids);
            Assert.DoesNotContain(other, ids);
        }

        Assert.DoesNotContain(own, await ListIds(api, "/api/submissions?status=rejected"));
    }

    [Fact]
    public async Task A_planner_token_is_refused_and_an_administrator_sees_and_sends_for_every_region()
    {
        var own = portal.Seed("05", "2023Q2", rows: 10).SubmissionId!.Value;
        var planner = Client(Token(portal.AddUser(Roles.Planner)));
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/api/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync($"/api/submissions/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync($"/api/submissions/{own}/errors")).StatusCode);
        var refused = await planner.PostAsync("/api/submissions", Form(Sample("05", "2023Q3", rows: 10), "p.xlsx"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());

        var admin = Client(Token(portal.AddUser(Roles.Admin)));
        Assert.Contains(own, await ListIds(admin, "/api/submissions?region=05"));
        Assert.DoesNotContain(own, await ListIds(admin, "/api/submissions?region=02"));
        var sent = await admin.PostAsync("/api/submissions", Form(Sample("05", "2023Q3", rows: 10), "bmk.xlsx", ("region", "05"), ("quarter", "2023Q3")));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        Assert.Equal("accepted", (await WaitForApi(admin, id)).GetProperty("status").GetString());

        // The same file again: answered at once as a duplicate.
        var again = await admin.PostAsync("/api/submissions", Form(Sample("05", "2023Q3", rows: 10), "bmk.xlsx", ("region", "05"), ("quarter", "2023Q3")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var duplicate = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.Equal("duplicate", duplicate.RootElement.GetProperty("status").GetString());
        Assert.Equal(id, duplicate.RootElement.GetProperty("duplicateOf").GetInt64());
    }

    [Fact]
    public async Task Files_the_guard_refuses_get_the_right_status_and_nothing_is_stored()
    {
        var api = Client(Token(portal.AddUser(Roles.Observatory, "09")));
        long Count()
        {
            using var c = portal.Database.Connect();
            return Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM submissions");
        }

        var before = Count();
        var big = new byte[(5 * 1024 * 1024) + 4096];
        "PK\u0003\u0004"u8.CopyTo(big);
        foreach (var (bytes, name, status, code) in new[]
        {
            (big, "big.xlsx", HttpStatusCode.RequestEntityTooLarge, "too_large"),
            ("a,b\n"u8.ToArray(), "a.txt", HttpStatusCode.UnsupportedMediaType, "bad_type"),
            ("not a zip"u8.ToArray(), "a.xlsx", HttpStatusCode.UnsupportedMediaType, "content_mismatch"),
        })
        {
            var response = await api.PostAsync("/api/submissions", Form(bytes, name));
            Assert.Equal(status, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(code, body.RootElement.GetProperty("error").GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("ar").GetString()));
        }

        var noFile = await api.PostAsync("/api/submissions", new MultipartFormDataContent { { new StringContent("2025Q1"), "quarter" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Equal(before, Count());
    }

    private HttpClient Client(string token)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private string Token(UserAccount user)
    {
        using var c = portal.Database.Connect();
        return new UserStore(c).CreateToken(user.Id, "tests").Secret;
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields)
        {
            content.Add(new StringContent(v), k);
        }

        content.Add(new ByteArrayContent(bytes), "file", name);
        return content;
    }

    private static async Task<List<long>> ListIds(HttpClient api, string url)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync(url));
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
    }

    private static async Task<JsonElement> WaitForApi(HttpClient api, long id)
    {
        var deadline = DateTime.UtcNow + ImportTimeout;
        while (true)
        {
            using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/submissions/{id}"));
            if (json.RootElement.GetProperty("status").GetString() != "pending")
            {
                return json.RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"submission {id} still pending after {ImportTimeout}");
            await Task.Delay(200);
        }
    }
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class SubmissionsApiPostgresTests(PostgresPortal portal) : SubmissionsApiTests(portal), IClassFixture<PostgresPortal>;
