using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Indicators.Accounts;
using static Indicators.Web.Tests.SubmissionsTestFiles;

namespace Indicators.Web.Tests;

/// <summary>The submissions list, upload, live status, details and downloads, for every role.</summary>
public partial class SubmissionsPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_page_and_download()
    {
        var id = portal.Seed("09", "2024Q1", rows: 20).SubmissionId;
        var client = portal.Anonymous();
        foreach (var url in new[] { "/submissions", $"/submissions/{id}", $"/submissions/{id}/original", $"/submissions/{id}/annotated?lang=fr", $"/submissions/{id}/status", $"/submissions?handler=Status&ids={id}" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var upload = await client.PostAsync("/submissions?handler=Upload", new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "a.xlsx" } });
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
    }

    [Fact]
    public async Task Planners_may_neither_list_nor_open_nor_upload()
    {
        var id = portal.Seed("09", "2024Q2", rows: 20).SubmissionId;
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        foreach (var url in new[] { "/submissions", $"/submissions/{id}", $"/submissions/{id}/original", $"/submissions/{id}/annotated", $"/submissions/{id}/status", $"/submissions?handler=Status&ids={id}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
        }

        var before = Stored();
        var upload = await Upload(client, Sample("09", "2024Q3", rows: 20), "p.xlsx", formPage: "/account/login");
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("ne permet pas d'envoyer", JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task An_observatory_sees_only_its_region_and_an_administrator_sees_all()
    {
        var own = portal.Seed("09", "2024Q4", rows: 20).SubmissionId!.Value;
        var other = portal.Seed("02", "2024Q4", rows: 20).SubmissionId!.Value;
        var observatory = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));

        var list = await observatory.GetStringAsync("/submissions");
        Assert.Contains($"href=\"/submissions/{own}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/submissions/{other}\"", list, StringComparison.Ordinal);

        // Asking for the other region in the filter changes nothing: the observatory stays in its own.
        var filtered = await observatory.GetStringAsync("/submissions?region=02");
        Assert.Contains($"href=\"/submissions/{own}\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/submissions/{other}\"", filtered, StringComparison.Ordinal);

        foreach (var url in new[] { $"/submissions/{other}", $"/submissions/{other}/original", $"/submissions/{other}/annotated?lang=ar", $"/submissions/{other}/status" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await observatory.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await observatory.GetAsync($"/submissions/{own}")).StatusCode);
        using (var status = JsonDocument.Parse(await observatory.GetStringAsync($"/submissions?handler=Status&ids={own},{other}")))
        {
            Assert.Equal([own], status.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        }

        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var all = await admin.GetStringAsync("/submissions");
        Assert.Contains($"href=\"/submissions/{own}\"", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/submissions/{other}\"", all, StringComparison.Ordinal);
        var oriental = await admin.GetStringAsync("/submissions?region=02");
        Assert.DoesNotContain($"href=\"/submissions/{own}\"", oriental, StringComparison.Ordinal);
        Assert.Contains($"href=\"/submissions/{other}\"", oriental, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/submissions/{other}/original")).StatusCode);
    }

    [Fact]
    public async Task An_upload_with_errors_is_imported_by_the_job_and_its_details_list_and_filter_the_errors()
    {
        var user = portal.AddUser(Roles.Observatory, "09");
        var client = await portal.SignIn(user);
        var bytes = Sample("09", "2025Q1", rows: 200, seed: 3, errorRate: 0.15);

        // The region asked for is ignored: an observatory sends for its own.
        var id = await UploadOk(client, bytes, "enquête T1.xlsx", new() { ["quarter"] = "2025Q1", ["region"] = "02" });
        var list = await client.GetStringAsync($"/submissions?uploaded={id}");
        Assert.Contains($"data-id=\"{id}\"", list, StringComparison.Ordinal);
        Assert.Contains("envoi n° " + id, list, StringComparison.Ordinal);

        var status = await WaitForImport(client, id);
        Assert.Equal("accepted_with_errors", status.GetProperty("status").GetString());
        Assert.Equal("accepté avec erreurs", status.GetProperty("label").GetString());
        var rejected = int.Parse(status.GetProperty("rowsRejected").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rejected, 1, 199);

        using (var c = portal.Database.Connect())
        {
            var row = c.QuerySingle<(string Region, string Source, long UploadedBy)>("SELECT region_code, source, uploaded_by FROM submissions WHERE id = @id", new { id });
            Assert.Equal(("09", "web", user.Id), row);
        }

        var details = await client.GetStringAsync($"/submissions/{id}");
        Assert.Contains("accepté avec erreurs", details, StringComparison.Ordinal);
        Assert.Contains("enquête T1.xlsx", details, StringComparison.Ordinal);
        Assert.Contains(user.Email, details, StringComparison.Ordinal);
        Assert.DoesNotContain("data-poll", details, StringComparison.Ordinal);
        var all = ErrorRows(details);
        Assert.True(all.Count >= rejected, $"{all.Count} error rows for {rejected} rejected rows");

        // Server-side filters: by code, then by free text.
        var code = all.GroupBy(r => r.Code).OrderBy(g => g.Count()).First().Key;
        var byCode = ErrorRows(await client.GetStringAsync($"/submissions/{id}?code={code}"));
        Assert.NotEmpty(byCode);
        Assert.True(byCode.Count < all.Count);
        Assert.All(byCode, r => Assert.Equal(code, r.Code));
        var byText = ErrorRows(await client.GetStringAsync($"/submissions/{id}?q=atlantis"));
        Assert.NotEmpty(byText);
        Assert.All(byText, r => Assert.Equal("unknown_country", r.Code));
        Assert.Empty(ErrorRows(await client.GetStringAsync($"/submissions/{id}?severity=warning&code=unknown_country")));

        var original = await client.GetAsync($"/submissions/{id}/original");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("application/octet-stream", original.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", original.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("enquête T1.xlsx", original.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(bytes, await original.Content.ReadAsByteArrayAsync());

        foreach (var lang in new[] { "fr", "ar" })
        {
            var annotated = await client.GetAsync($"/submissions/{id}/annotated?lang={lang}");
            Assert.Equal(HttpStatusCode.OK, annotated.StatusCode);
            Assert.Equal($"enquête T1-annote-{lang}.xlsx", annotated.Content.Headers.ContentDisposition!.FileNameStar);
            Assert.True(IsWorkbook(await annotated.Content.ReadAsByteArrayAsync()));
        }
    }

    [Fact]
    public async Task A_plain_form_post_works_without_script_and_redirects_to_the_list()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var response = await Upload(client, Sample("09", "2025Q2", rows: 30), "plain.xlsx", new() { ["quarter"] = "2025Q2" }, script: false);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/submissions\\?uploaded=[0-9]+$", location);
        var id = long.Parse(location[(location.IndexOf('=') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("accepted", (await WaitForImport(client, id)).GetProperty("status").GetString());

        // The list after the redirect keeps the quarter just used.
        Assert.Contains("<option value=\"2025Q2\" selected=\"selected\">", await client.GetStringAsync(location), StringComparison.Ordinal);

        // Another file of the same batch supersedes it; the same bytes again are a duplicate. The pages link them.
        var newer = await UploadOk(client, Sample("09", "2025Q2", rows: 30, seed: 2), "plain.xlsx", new() { ["quarter"] = "2025Q2" });
        Assert.Equal("accepted", (await WaitForImport(client, newer)).GetProperty("status").GetString());
        var again = await UploadOk(client, Sample("09", "2025Q2", rows: 30, seed: 2), "plain.xlsx", new() { ["quarter"] = "2025Q2" }, expected: "duplicate");
        Assert.Matches($"Remplace</dt>\\s*<dd><a href=\"/submissions/{id}\">", await client.GetStringAsync($"/submissions/{newer}"));
        Assert.Matches($"Remplacé par</dt>\\s*<dd><a href=\"/submissions/{newer}\">", await client.GetStringAsync($"/submissions/{id}"));
        Assert.Matches($"Doublon de</dt>\\s*<dd><a href=\"/submissions/{newer}\">", await client.GetStringAsync($"/submissions/{again}"));
    }

    [Fact]
    public async Task The_list_shows_fifty_submissions_a_page_newest_first()
    {
        var ids = Enumerable.Range(1, 51).Select(seed => portal.Seed("05", "2021Q1", rows: 3, seed: seed).SubmissionId!.Value).ToList();
        var client = await portal.SignIn(portal.AddUser(Roles.Admin));
        var first = ListedIds(await client.GetStringAsync("/submissions?quarter=2021Q1"));
        Assert.Equal(ids.AsEnumerable().Reverse().Take(50), first);
        Assert.Equal([ids[0]], ListedIds(await client.GetStringAsync("/submissions?quarter=2021Q1&p=2")));
    }

    [Fact]
    public async Task More_than_500_errors_are_paged()
    {
        var result = portal.Seed("09", "2022Q1", rows: 1400, seed: 5, errorRate: 0.45);
        var id = result.SubmissionId!.Value;
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        using var c = portal.Database.Connect();
        var total = c.ExecuteScalar<int>("SELECT COUNT(*) FROM row_errors WHERE submission_id = @id AND severity = 'error'", new { id });
        Assert.InRange(total, 501, 1000);

        var first = await client.GetStringAsync($"/submissions/{id}?severity=error");
        Assert.Equal(500, ErrorRows(first).Count);
        Assert.Contains("Page 1 sur 2", first, StringComparison.Ordinal);
        Assert.Contains($"href=\"/submissions/{id}?severity=error&amp;p=2\"", first, StringComparison.Ordinal);
        var second = await client.GetStringAsync($"/submissions/{id}?severity=error&p=2");
        Assert.Equal(total - 500, ErrorRows(second).Count);
    }

    [Fact]
    public async Task A_workbook_for_another_region_is_rejected_by_the_import_with_region_mismatch()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var id = await UploadOk(client, Sample("02", "2025Q3", rows: 20), "oriental.xlsx", new() { ["quarter"] = "2025Q3" });
        Assert.Equal("rejected", (await WaitForImport(client, id)).GetProperty("status").GetString());
        Assert.Contains("region_mismatch", await client.GetStringAsync($"/submissions/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_may_leave_the_region_to_the_workbook()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Admin));
        var id = await UploadOk(client, Sample("05", "2025Q4", rows: 20), "bmk.xlsx", new() { ["region"] = "", ["quarter"] = "" });
        Assert.Equal("accepted", (await WaitForImport(client, id)).GetProperty("status").GetString());
        using var c = portal.Database.Connect();
        Assert.Equal("05", c.ExecuteScalar<string>("SELECT region_code FROM submissions WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task Refused_files_get_a_clear_message_in_the_page_language_and_nothing_is_stored()
    {
        var french = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var arabic = await portal.SignIn(portal.AddUser(Roles.Observatory, "09", lang: "ar"));
        var tooLarge = new byte[(5 * 1024 * 1024) + 4096];
        tooLarge[0] = 0x50;
        tooLarge[1] = 0x4B;
        tooLarge[2] = 0x03;
        tooLarge[3] = 0x04;
        var cases = new (byte[] Bytes, string Name, HttpStatusCode Status, string Fr, string Ar)[]
        {
            (tooLarge, "big.xlsx", HttpStatusCode.RequestEntityTooLarge, "dépasse la taille maximale de 5 Mo", "يتجاوز الحجم الأقصى وهو 5"),
            ("a;b\n1;2\n"u8.ToArray(), "notes.txt", HttpStatusCode.UnsupportedMediaType, "Type de fichier refusé", "نوع الملف مرفوض"),
            ("<html>not a workbook</html>"u8.ToArray(), "fake.xlsx", HttpStatusCode.UnsupportedMediaType, "ne correspond pas à son extension", "لا يطابق امتداده"),
            ([], "empty.csv", HttpStatusCode.BadRequest, "Le fichier est vide", "الملف فارغ"),
        };
        var before = Stored();
        foreach (var (bytes, name, status, fr, ar) in cases)
        {
            var viaScript = await Upload(french, bytes, name);
            Assert.Equal(status, viaScript.StatusCode);
            Assert.Contains(fr, JsonDocument.Parse(await viaScript.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

            var plain = await Upload(french, bytes, name, script: false);
            Assert.Equal(status, plain.StatusCode);
            Assert.Matches("<p class=\"alert\" role=\"alert\">[^<]*" + Regex.Escape(fr), await plain.Content.ReadAsStringAsync());

            var inArabic = await Upload(arabic, bytes, name, script: false);
            Assert.Equal(status, inArabic.StatusCode);
            Assert.Contains(ar, await inArabic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task An_upload_without_the_anti_forgery_token_is_refused()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var before = Stored();
        var content = new MultipartFormDataContent { { new ByteArrayContent(Sample("09", "2023Q1", rows: 10)), "file", "x.xlsx" } };
        var response = await client.PostAsync("/submissions?handler=Upload", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task Cell_values_that_look_like_formulas_stay_text_on_the_page_and_in_the_annotated_workbook()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        const string link = "=HYPERLINK(\"http://x\",\"y\")";
        var id = await UploadOk(client, SampleWith("09", "2023Q3", link, "=1+1", "<script>alert(1)</script>"), "formules.xlsx");
        Assert.Equal("accepted_with_errors", (await WaitForImport(client, id)).GetProperty("status").GetString());

        var details = await client.GetStringAsync($"/submissions/{id}");
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)", details, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", details, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", details, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http://x\"", details, StringComparison.Ordinal);

        foreach (var lang in new[] { "fr", "ar" })
        {
            var sheets = WorksheetXml(await client.GetByteArrayAsync($"/submissions/{id}/annotated?lang={lang}"));
            Assert.Equal(2, sheets.Count);
            Assert.All(sheets, xml => Assert.DoesNotMatch("<(x:)?f[ >]", xml));
            foreach (var value in new[] { "=HYPERLINK(\"http://x\",\"y\")", "=1+1" })
            {
                // On the copied sheet and on the errors sheet, as inline text.
                Assert.All(sheets, xml => Assert.Contains("<t>" + value + "</t>", xml, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task The_texts_of_the_area_exist_in_french_and_arabic()
    {
        await using var stream = typeof(Program).Assembly.GetManifestResourceStream("Indicators.Web.Texts.submissions.json")!;
        using var json = await JsonDocument.ParseAsync(stream);
        Assert.NotEmpty(json.RootElement.EnumerateObject());
        foreach (var entry in json.RootElement.EnumerateObject())
        {
            Assert.Matches("^(sub|tpl|api\\.sub)\\.", entry.Name);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value.GetProperty("fr").GetString()), entry.Name);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value.GetProperty("ar").GetString()), entry.Name);
        }
    }

    private static List<long> ListedIds(string html) =>
        Regex.Matches(html, "<tr data-id=\"([0-9]+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static List<(string Code, string Value)> ErrorRows(string html) =>
        ErrorRowPattern().Matches(html).Select(m => (m.Groups["code"].Value, m.Groups["value"].Value)).ToList();

    private (long Submissions, long Files, int OnDisk) Stored()
    {
        using var c = portal.Database.Connect();
        var folder = Path.Combine(portal.Root, "files");
        return (
            c.ExecuteScalar<long>("SELECT COUNT(*) FROM submissions"),
            c.ExecuteScalar<long>("SELECT COUNT(*) FROM stored_files"),
            Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0);
    }

    [GeneratedRegex("<tr class=\"severity-error\">\\s*<td[^>]*>[^<]*</td>\\s*<td><bdi>[^<]*</bdi></td>\\s*<td class=\"value\"><bdi>(?<value>[^<]*)</bdi></td>\\s*<td><code>[^<]*</code></td>\\s*<td><code>(?<code>[^<]*)</code></td>")]
    private static partial Regex ErrorRowPattern();
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class SubmissionsPagePostgresTests(PostgresPortal portal) : SubmissionsPageTests(portal), IClassFixture<PostgresPortal>;
