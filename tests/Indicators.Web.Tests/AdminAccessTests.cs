using System.Net;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>The administration pages and their forms are for administrators signed in by cookie, and no one else.</summary>
public sealed class AdminAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private IEnumerable<string> Pages()
    {
        var someone = portal.AddUser(Roles.Planner);
        return ["/admin", "/admin/users", $"/admin/users/{someone.Id}", "/admin/jobs", "/admin/completeness", "/admin/completeness?quarters=8"];
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var client = portal.Anonymous();
        foreach (var page in Pages())
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Roles.Observatory, "09")]
    [InlineData(Roles.Planner, null)]
    [InlineData(Roles.Planner, "05")]
    public async Task Observatories_and_planners_are_refused_every_page(string role, string? region)
    {
        var client = await portal.SignIn(portal.AddUser(role, region));
        foreach (var page in Pages())
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var denied = await client.GetAsync("/account/denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Accès refusé", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Observatory, "09")]
    [InlineData(Roles.Planner, null)]
    public async Task Observatories_and_planners_cannot_post_the_admin_forms(string role, string? region)
    {
        var user = portal.AddUser(role, region);
        var client = await portal.SignIn(user);
        var target = portal.AddUser(Roles.Planner);
        var email = $"intruder-{role}@example.ma";
        // A valid anti-forgery token of the user's own (from the account page), so only the role stops them.
        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ("/admin/users?handler=Add", new() { ["Input.Email"] = email, ["Input.Role"] = Roles.Admin, ["Input.Password"] = PortalFactory.Password }),
            ($"/admin/users/{target.Id}?handler=Disable", []),
            ($"/admin/users/{target.Id}?handler=Profile", new() { ["role"] = Roles.Admin }),
            ($"/admin/users/{target.Id}?handler=Password", new() { ["password"] = "taken-over-password" }),
            ($"/admin/users/{user.Id}?handler=Profile", new() { ["role"] = Roles.Admin }),
            ("/admin/jobs?handler=Run", new() { ["run"] = "SubmissionReminders" }),
        };
        foreach (var (url, fields) in posts)
        {
            var response = await PortalFactory.PostForm(client, url, fields, formPage: "/account");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var c = portal.Database.Connect();
        var store = new UserStore(c);
        Assert.Null(store.FindByEmail(email));
        Assert.False(store.Get(target.Id)!.Disabled);
        Assert.Equal(Roles.Planner, store.Get(target.Id)!.Role);
        Assert.Equal(role, store.Get(user.Id)!.Role);
    }

    [Fact]
    public async Task An_administrator_sees_every_page_and_the_overview_counts()
    {
        var admin = portal.AddUser(Roles.Admin);
        portal.Seed("02", "2025Q2", rows: 30, seed: 4);
        var client = await portal.SignIn(admin);
        foreach (var page in Pages())
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var html = await client.GetStringAsync("/admin");
        foreach (var link in new[] { "href=\"/admin/users\"", "href=\"/submissions\"", "href=\"/admin/jobs\"", "href=\"/admin/completeness\"" })
        {
            Assert.Contains(link, html, StringComparison.Ordinal);
        }

        // One accepted submission for 2025Q2: pending 0, accepted 1.
        Assert.Matches(@"2025Q2</bdi></th>\s*<td class=""num"">0</td>\s*<td class=""num"">1</td>", html);
    }

    [Fact]
    public async Task An_administrators_api_token_does_not_open_the_admin_pages()
    {
        var admin = portal.AddUser(Roles.Admin);
        string secret;
        using (var c = portal.Database.Connect())
        {
            secret = new UserStore(c).CreateToken(admin.Id, "script").Secret;
        }

        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        foreach (var page in Pages().Append("/account"))
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }
}
