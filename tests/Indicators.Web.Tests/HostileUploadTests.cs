using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Accounts;
using Indicators.Tests.Hostile;
using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace Indicators.Web.Tests;

/// <summary>The portal with an upload limit that lets the 10 MB hostile CSV through to the reader.</summary>
public sealed class HostilePortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Indicators:MaxUploadMegabytes", "16");
    }
}

/// <summary>A portal with a good submission for Souss-Massa 2025Q3, an observatory's API token, and the hostile files.</summary>
public sealed class HostilePortalFixture : IDisposable
{
    public HostilePortalFixture()
    {
        GoodId = Portal.Seed("09", "2025Q3", rows: 300, seed: 7).SubmissionId!.Value;
        GoodRows = Responses();
        using var c = Portal.Database.Connect();
        var clerk = Portal.AddUser(Roles.Observatory, "09");
        Token = new UserStore(c).CreateToken(clerk.Id, "hostile").Secret;
        Clerk = clerk;
    }

    public HostilePortal Portal { get; } = new();

    public HostileFiles Files { get; } = new();

    public UserAccount Clerk { get; }

    public string Token { get; }

    public long GoodId { get; }

    public string GoodRows { get; }

    public HttpClient Api()
    {
        var client = Portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public string Responses()
    {
        using var c = Portal.Database.Connect();
        var rows = c.Query("SELECT * FROM responses WHERE submission_id = @GoodId ORDER BY row_number", new { GoodId });
        return string.Join('\n', rows.Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
    }

    public void Dispose()
    {
        Files.Dispose();
        Portal.Dispose();
    }
}

/// <summary>
/// Each hostile file uploaded through the API: refused at the door (415 for a macro-enabled name) or
/// a rejected submission with the reader's error code and its French and Arabic messages, or a
/// correct read; after each, the portal still answers and the good submission is intact. Files read
/// correctly are sent under one name, so each supersedes the one before and never the good sheet.
/// </summary>
public sealed class HostileUploadTests(HostilePortalFixture fixture, ITestOutputHelper output) : IClassFixture<HostilePortalFixture>
{
    public static TheoryData<string> Cases() => [.. HostileFiles.Cases.Select(c => c.File)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_upload_is_refused_clearly_or_read_and_the_portal_keeps_serving(string file)
    {
        var c = HostileFiles.Cases.Single(h => h.File == file);
        var api = fixture.Api();
        var name = "hostile" + Path.GetExtension(c.File);
        var response = await api.PostAsync("/api/submissions", Form(await File.ReadAllBytesAsync(fixture.Files.PathOf(c)), name));
        var body = await response.Content.ReadAsStringAsync();

        if (name.EndsWith(".xlsm", StringComparison.Ordinal))
        {
            // The portal takes .xlsx, .xls and .csv only: refused before anything is stored.
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            using var refusal = JsonDocument.Parse(body);
            var error = refusal.RootElement.GetProperty("error");
            Assert.Equal("bad_type", error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("fr").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("ar").GetString()));
            output.WriteLine($"| {Path.GetFileName(c.File)} | 415 bad_type |");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {body}");
            using var accepted = JsonDocument.Parse(body);
            var result = await WaitFor(api, accepted.RootElement.GetProperty("id").GetInt64());
            var status = result.GetProperty("status").GetString();
            output.WriteLine($"| {Path.GetFileName(c.File)} | {status} {(c.Code ?? result.GetProperty("rowsAccepted").GetInt32().ToString(CultureInfo.InvariantCulture))} |");
            if (c.Code is { } code)
            {
                Assert.Equal("rejected", status);
                Assert.Equal(0, result.GetProperty("rowsAccepted").GetInt32());
                var error = result.GetProperty("errors")[0];
                Assert.Equal(code, error.GetProperty("code").GetString());
                var messages = error.GetProperty("messages");
                Assert.Contains(messages.GetProperty("ar").GetString()!, ch => ch is >= '\u0600' and <= '\u06FF');
                Assert.False(string.IsNullOrWhiteSpace(messages.GetProperty("fr").GetString()));
                Assert.DoesNotContain("{", messages.GetProperty("fr").GetString() + messages.GetProperty("ar").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(c.Rejected == 0 ? "accepted" : "accepted_with_errors", status);
                Assert.Equal(c.Accepted, result.GetProperty("rowsAccepted").GetInt32());
                Assert.Equal(c.Rejected, result.GetProperty("rowsRejected").GetInt32());
            }
        }

        await AssertServingAndGoodIntact(api);
    }

    /// <summary>
    /// Names a browser or a script may send: paths either way, NUL and other control characters, an
    /// escape sequence, a right-to-left override, 500 characters. Through the page's upload handler:
    /// the sheet is read, the name stored clean and shown HTML-encoded, the original downloads.
    /// </summary>
    [Fact]
    public async Task Hostile_file_names_are_stored_clean_and_the_files_read()
    {
        var long500 = new string('n', 496) + ".csv";
        var names = new (string Sent, string Stored)[]
        {
            ("../../etc/x.csv", "x.csv"),
            ("a\u0000b.csv", "ab.csv"),
            ("..\\evil.csv", "evil.csv"),
            (long500, long500[^200..]),
            ("\u001b[31mred.csv", "[31mred.csv"),
            ("report\u202Evslx.csv", "reportvslx.csv"),
            ("C:\\Users\\clerk\\Desktop\\<b onmouseover=alert(1)>x.csv", "<b onmouseover=alert(1)>x.csv"),
        };
        var lines = File.ReadAllLines(Path.Combine(HostileFiles.TestData, "shapes", "labels_fr.csv"));
        var browser = await fixture.Portal.SignIn(fixture.Clerk);
        for (var n = 0; n < names.Length; n++)
        {
            var (sent, stored) = names[n];
            var csv = Encoding.UTF8.GetBytes(string.Join("\r\n", [lines[0], .. lines.Skip(1).Select(l => $"P{n}-" + l)]) + "\r\n");
            var response = await RawUpload(browser, csv, sent);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{sent}: {response.StatusCode} {body}");
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
            var result = await WaitFor(fixture.Api(), id);
            Assert.Equal("accepted", result.GetProperty("status").GetString());
            Assert.Equal(3, result.GetProperty("rowsAccepted").GetInt32());

            using (var c = fixture.Portal.Database.Connect())
            {
                var name = c.ExecuteScalar<string>("SELECT file_name FROM submissions WHERE id = @id", new { id })!;
                Assert.Equal(stored, name);
                Assert.DoesNotContain(name, ch => char.IsControl(ch) || ch is '/' or '\\' or '\u202E');
                Assert.True(name.Length <= 200);
            }

            var page = await browser.GetStringAsync($"/submissions/{id}");
            Assert.DoesNotContain("<b onmouseover", page, StringComparison.Ordinal);
            var original = await browser.GetAsync($"/submissions/{id}/original");
            Assert.Equal(HttpStatusCode.OK, original.StatusCode);
            Assert.Equal(csv, await original.Content.ReadAsByteArrayAsync());
        }

        await AssertServingAndGoodIntact(fixture.Api());
    }

    private async Task AssertServingAndGoodIntact(HttpClient api)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        using var good = JsonDocument.Parse(await api.GetStringAsync($"/api/submissions/{fixture.GoodId}"));
        Assert.Equal("accepted", good.RootElement.GetProperty("status").GetString());
        Assert.Equal(300, good.RootElement.GetProperty("rowsAccepted").GetInt32());
        using (var c = fixture.Portal.Database.Connect())
        {
            Assert.Equal(1L, c.ExecuteScalar<long>("SELECT is_active FROM submissions WHERE id = @GoodId", new { fixture.GoodId }));
        }

        Assert.Equal(fixture.GoodRows, fixture.Responses());
    }

    private static async Task<JsonElement> WaitFor(HttpClient api, long id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/submissions/{id}"));
            if (json.RootElement.GetProperty("status").GetString() != "pending")
            {
                return json.RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"submission {id} still pending");
            await Task.Delay(100);
        }
    }

    private static MultipartFormDataContent Form(byte[] bytes, string name) => new()
    {
        { new StringContent("2025Q3"), "quarter" },
        { new ByteArrayContent(bytes), "file", name },
    };

    /// <summary>
    /// Posts to the list page's upload handler a multipart body written by hand, so that the file
    /// name goes as sent (HttpClient refuses a NUL in a header): <c>filename*</c> in UTF-8, percent-encoded.
    /// </summary>
    private static async Task<HttpResponseMessage> RawUpload(HttpClient client, byte[] bytes, string fileName)
    {
        var token = await PortalFactory.AntiforgeryToken(client, "/submissions");
        const string Boundary = "hostile-boundary-7d1f";
        var encoded = string.Concat(Encoding.UTF8.GetBytes(fileName).Select(b => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' ? ((char)b).ToString() : $"%{b:X2}"));
        using var body = new MemoryStream();
        void Text(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        Text($"--{Boundary}\r\nContent-Disposition: form-data; name=\"quarter\"\r\n\r\n2025Q3\r\n");
        Text($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.csv\"; filename*=UTF-8''{encoded}\r\nContent-Type: text/csv\r\n\r\n");
        body.Write(bytes);
        Text($"\r\n--{Boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/submissions?handler=Upload") { Content = content };
        request.Headers.Add("X-CSRF-TOKEN", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }
}
