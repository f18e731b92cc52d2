using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Accounts;
using Indicators.Tests;

namespace Indicators.Web.Tests;

/// <summary>
/// The portal while its PostgreSQL server (one of the test's own) is stopped for half a minute:
/// pages answer 503 saying the database is unreachable and nothing was lost, in French and
/// Arabic, the API a JSON error; when the server is back, the same clients get their pages again,
/// with no restart of the portal.
/// </summary>
public sealed class DatabaseOutageTests : IDisposable
{
    private readonly Indicators.Cli.Commands.ThrowawayPostgres server = Indicators.Cli.Commands.ThrowawayPostgres.Start(); // its own: stopped and started again

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task While_the_database_is_down_the_portal_says_so_and_works_again_when_it_is_back()
    {
        using var portal = new OutagePortal(server.CreateDatabase("outage_", "Pooling=true;Timeout=5"));
        var texts = new Portal.Texts();
        var seeded = portal.Seed("09", "2025Q3", rows: 40);
        var fr = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var ar = await portal.SignIn(portal.AddUser(Roles.Observatory, "09", lang: "ar"));
        var api = portal.CreateClient();
        using (var c = portal.Database.Connect())
        {
            var owner = new UserStore(c).FindByEmail(portal.AddUser(Roles.Observatory, "09").Email)!;
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new UserStore(c).CreateToken(owner.Id, "outage").Secret);
        }

        Assert.Equal(HttpStatusCode.OK, (await fr.GetAsync("/submissions")).StatusCode);
        var anonymous = portal.Anonymous();
        var login = await PortalFactory.AntiforgeryToken(anonymous, "/account/login"); // the sign-in form needs no database

        server.Stop();
        var down = Stopwatch.StartNew();
        do
        {
            // A page, in French (the account's language, kept in its cookie) and in Arabic.
            var page = await fr.GetAsync("/submissions");
            var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("60", page.Headers.GetValues("Retry-After").Single());
            Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">", html, StringComparison.Ordinal);
            Assert.Contains("<h1>" + texts.Get("outage.title", Lang.Fr) + "</h1>", html, StringComparison.Ordinal);
            Assert.Contains("Rien de ce qui était enregistré n'est perdu", html, StringComparison.Ordinal);
            Assert.Contains("Réessayez dans une minute", html, StringComparison.Ordinal);
            Assert.Contains(texts.Get("outage.text", Lang.Ar), html, StringComparison.Ordinal);
            Assert.Contains("<a href=\"/submissions\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain(texts.Get("error.text", Lang.Fr), html, StringComparison.Ordinal);
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

            var arabic = WebUtility.HtmlDecode(await (await ar.GetAsync("/dashboard?region=09&quarter=2025Q3")).Content.ReadAsStringAsync());
            Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">", arabic, StringComparison.Ordinal);
            Assert.Contains("<h1>" + texts.Get("outage.title", Lang.Ar) + "</h1>", arabic, StringComparison.Ordinal);
            Assert.Contains("لم يُفقد أي شيء", arabic, StringComparison.Ordinal);

            // A form post (signing in reads the accounts).
            var post = await anonymous.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@example.ma", ["Password"] = "y", ["__RequestVerificationToken"] = login }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);

            // The API: its JSON error, in the three languages.
            var json = await api.GetAsync("/api/submissions");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
            using var error = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            var e = error.RootElement.GetProperty("error");
            Assert.Equal("database_unavailable", e.GetProperty("code").GetString());
            Assert.Equal(texts.Get("outage.text", Lang.Ar), e.GetProperty("ar").GetString());
            Assert.Equal(texts.Get("outage.text", Lang.Fr), e.GetProperty("fr").GetString());
            Assert.Contains("Nothing that was stored has been lost", e.GetProperty("en").GetString(), StringComparison.Ordinal);

            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        while (down.Elapsed < TimeSpan.FromSeconds(30));

        // Back: the very next requests of the same clients work, with what was stored before.
        server.Restart();
        var back = await fr.GetAsync("/submissions");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains($"/submissions/{seeded.SubmissionId}", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ar.GetAsync("/dashboard?region=09&quarter=2025Q3")).StatusCode);
        var list = await api.GetAsync("/api/submissions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains($"\"id\":{seeded.SubmissionId}", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class OutagePortal(string database) : PortalFactory(database);
}
