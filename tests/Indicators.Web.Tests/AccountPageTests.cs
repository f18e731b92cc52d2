using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>The account page: one's own details, change of password, and API tokens (created, shown once, revoked).</summary>
public sealed class AccountPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly Regex Secret = new("ind_[0-9a-f]{48}");

    private async Task<string> CreateToken(HttpClient client, string name)
    {
        var response = await PortalFactory.PostForm(client, "/account?handler=Token", new() { ["name"] = name }, formPage: "/account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var secret = Secret.Match(html);
        Assert.True(secret.Success, "the new token's secret is not on the page");
        Assert.Contains($"curl -H \"Authorization: Bearer {secret.Value}\" http://localhost/api/me", html, StringComparison.Ordinal);
        return secret.Value;
    }

    private HttpClient WithToken(string secret)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private long TokenId(UserAccount user, string name)
    {
        using var c = portal.Database.Connect();
        return new UserStore(c).Tokens(user.Id).Single(t => t.Name == name).Id;
    }

    [Theory]
    [InlineData(Roles.Admin, null, "administrateur")]
    [InlineData(Roles.Observatory, "02", "L&#x27;Oriental")]
    [InlineData(Roles.Planner, null, "toutes les régions")]
    public async Task Every_role_sees_its_own_details(string role, string? region, string shown)
    {
        var user = portal.AddUser(role, region);
        var html = await (await portal.SignIn(user)).GetStringAsync("/account");
        Assert.Contains(user.Email, html, StringComparison.Ordinal);
        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.Contains("Langue préférée", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(Secret, html);
    }

    [Fact]
    public async Task The_password_changes_only_with_the_right_current_one()
    {
        var user = portal.AddUser(Roles.Planner);
        var client = await portal.SignIn(user);
        var wrong = await PortalFactory.PostForm(client, "/account?handler=Password", new() { ["current"] = "not-my-password", ["password"] = "my-new-password", ["confirm"] = "my-new-password" }, formPage: "/account");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("Le mot de passe actuel est incorrect.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mismatch = await PortalFactory.PostForm(client, "/account?handler=Password", new() { ["current"] = PortalFactory.Password, ["password"] = "my-new-password", ["confirm"] = "my-other-password" }, formPage: "/account");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);

        var weak = await PortalFactory.PostForm(client, "/account?handler=Password", new() { ["current"] = PortalFactory.Password, ["password"] = "short", ["confirm"] = "short" }, formPage: "/account");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);

        var browser = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostForm(browser, "/account/login", new() { ["Email"] = user.Email, ["Password"] = PortalFactory.Password })).StatusCode);

        var changed = await PortalFactory.PostForm(client, "/account?handler=Password", new() { ["current"] = PortalFactory.Password, ["password"] = "my-new-password", ["confirm"] = "my-new-password" }, formPage: "/account");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PortalFactory.PostForm(portal.Anonymous(), "/account/login", new() { ["Email"] = user.Email, ["Password"] = PortalFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostForm(portal.Anonymous(), "/account/login", new() { ["Email"] = user.Email, ["Password"] = "my-new-password" })).StatusCode);
    }

    [Fact]
    public async Task A_token_works_for_the_api_until_revoked_and_its_secret_is_shown_once()
    {
        var user = portal.AddUser(Roles.Observatory, "09");
        var client = await portal.SignIn(user);
        var secret = await CreateToken(client, "import nocturne");

        var me = await WithToken(secret).GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using (var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync()))
        {
            Assert.Equal(user.Id, json.RootElement.GetProperty("id").GetInt64());
            Assert.Equal(user.Email, json.RootElement.GetProperty("email").GetString());
        }

        // Listed by name and prefix, never the whole secret again; last use recorded.
        var page = await client.GetStringAsync("/account");
        Assert.Contains("import nocturne", page, StringComparison.Ordinal);
        Assert.Contains(secret[..10], page, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page, StringComparison.Ordinal);

        var revoke = await PortalFactory.PostForm(client, "/account?handler=Revoke", new() { ["token"] = TokenId(user, "import nocturne").ToString(System.Globalization.CultureInfo.InvariantCulture) }, formPage: "/account");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(secret).GetAsync("/api/me")).StatusCode);
        Assert.Contains("révoqué", await client.GetStringAsync("/account?done=revoked"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_account_cannot_revoke_another_accounts_token()
    {
        var owner = portal.AddUser(Roles.Planner);
        var secret = await CreateToken(await portal.SignIn(owner), "owner-script");
        var other = await portal.SignIn(portal.AddUser(Roles.Admin));
        var id = TokenId(owner, "owner-script").ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await PortalFactory.PostForm(other, "/account?handler=Revoke", new() { ["token"] = id }, formPage: "/account");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(secret).GetAsync("/api/me")).StatusCode);
        using var c = portal.Database.Connect();
        Assert.Null(new UserStore(c).Tokens(owner.Id).Single().RevokedAt);
    }
}
