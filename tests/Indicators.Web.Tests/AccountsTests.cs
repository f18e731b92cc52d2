using System.Net;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>Sign-in, lockout, the language switch and the pages everyone meets.</summary>
public class AccountsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        var response = await portal.Anonymous().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_role_lands_on_its_first_page()
    {
        foreach (var (role, region, page) in new[] { (Roles.Admin, (string?)null, "/admin"), (Roles.Observatory, "09", "/submissions"), (Roles.Planner, null, "/dashboard") })
        {
            var client = await portal.SignIn(portal.AddUser(role, region));
            var response = await client.GetAsync("/");
            Assert.Equal(page, response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_lock_the_account()
    {
        var user = portal.AddUser(Roles.Planner);
        var client = portal.Anonymous();
        for (var i = 0; i < UserStore.MaxFailedLogins; i++)
        {
            var wrong = await PortalFactory.PostForm(client, "/account/login", new() { ["Email"] = user.Email, ["Password"] = "wrong-password-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked: even the right password is refused, and the page says why.
        var locked = await PortalFactory.PostForm(client, "/account/login", new() { ["Email"] = user.Email, ["Password"] = PortalFactory.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("bloqué 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_without_the_anti_forgery_token_are_refused()
    {
        var user = portal.AddUser(Roles.Planner);
        var response = await portal.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = user.Email, ["Password"] = PortalFactory.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("indicators=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_right_to_left_and_is_remembered_on_the_account()
    {
        var user = portal.AddUser(Roles.Planner);
        var client = await portal.SignIn(user);
        var switched = await PortalFactory.PostForm(client, "/lang", new() { ["lang"] = "ar", ["returnUrl"] = "/account/login" }, formPage: "/account/login");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var html = await client.GetStringAsync("/account/login");
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("تسجيل الدخول", html, StringComparison.Ordinal);

        // A new browser: the account's choice comes back at sign-in.
        var again = await portal.SignIn(user);
        Assert.Contains("dir=\"rtl\"", await again.GetStringAsync("/account/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_errors_show_no_trace()
    {
        var response = await portal.Anonymous().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page introuvable", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_is_signed_out_at_its_next_request()
    {
        var user = portal.AddUser(Roles.Planner);
        var client = await portal.SignIn(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        using (var c = portal.Database.Connect())
        {
            new UserStore(c).SetDisabled(user.Id, true);
        }

        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_password_or_a_sign_out_ends_every_session_of_the_account()
    {
        var user = portal.AddUser(Roles.Planner);
        var laptop = await portal.SignIn(user);
        var phone = await portal.SignIn(user);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/")).StatusCode);
        Assert.Equal("/dashboard", (await laptop.GetAsync("/")).Headers.Location!.OriginalString);

        // Signing out on the laptop ends the phone's session too.
        var signOut = await PortalFactory.PostForm(laptop, "/account/logout", [], formPage: "/account/login");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith("/account/login", (await phone.GetAsync("/")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // An administrator's new password for the account ends the session signed in before it.
        var again = await portal.SignIn(user);
        using (var c = portal.Database.Connect())
        {
            new UserStore(c).SetPassword(user.Id, "a-brand-new-password");
        }

        Assert.StartsWith("/account/login", (await again.GetAsync("/")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class AccountsPostgresTests(PostgresPortal portal) : AccountsTests(portal), IClassFixture<PostgresPortal>;
