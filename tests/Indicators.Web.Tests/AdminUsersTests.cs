using System.Net;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>Accounts managed by an administrator: add, refuse with reasons in the page language, disable, new password, role and region.</summary>
public class AdminUsersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static Dictionary<string, string> NewAccount(string email, string role, string? region, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Name"] = "Nouvelle personne",
        ["Input.Role"] = role,
        ["Input.Region"] = region ?? string.Empty,
        ["Input.Password"] = password,
    };

    private UserAccount? Find(string email)
    {
        using var c = portal.Database.Connect();
        return new UserStore(c).FindByEmail(email);
    }

    private UserAccount Get(long id)
    {
        using var c = portal.Database.Connect();
        return new UserStore(c).Get(id)!;
    }

    [Fact]
    public async Task An_added_account_is_listed_and_can_sign_in()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var response = await PortalFactory.PostForm(admin, "/admin/users?handler=Add", NewAccount("Nouvel.Observatoire@Example.ma", Roles.Observatory, "09", PortalFactory.Password), formPage: "/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var user = Find("nouvel.observatoire@example.ma");
        Assert.NotNull(user);
        Assert.Equal((Roles.Observatory, "09", "Nouvelle personne"), (user.Role, user.RegionCode, user.DisplayName));
        var list = await admin.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("nouvel.observatoire@example.ma", list, StringComparison.Ordinal);
        Assert.Contains("Souss-Massa", list, StringComparison.Ordinal);

        var signedIn = await portal.SignIn(user);
        Assert.Equal("/submissions", (await signedIn.GetAsync("/")).Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("fr", "existe déjà", "Le mot de passe doit compter au moins 10 caractères.", "Un compte observatoire doit avoir une région.")]
    [InlineData("ar", "موجود مسبقا", "يجب أن تتكون كلمة المرور من 10 أحرف على الأقل.", "يجب أن يرتبط حساب المرصد بجهة.")]
    public async Task Refusals_are_explained_in_the_page_language(string lang, string taken, string weak, string noRegion)
    {
        var existing = portal.AddUser(Roles.Planner);
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin, lang: lang));
        var cases = new (Dictionary<string, string> Fields, string Message)[]
        {
            (NewAccount(existing.Email.ToUpperInvariant(), Roles.Planner, null, PortalFactory.Password), taken),
            (NewAccount($"weak-{lang}@example.ma", Roles.Planner, null, "short"), weak),
            (NewAccount($"noregion-{lang}@example.ma", Roles.Observatory, null, PortalFactory.Password), noRegion),
        };
        foreach (var (fields, message) in cases)
        {
            var response = await PortalFactory.PostForm(admin, "/admin/users?handler=Add", fields, formPage: "/admin/users");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
            Assert.Contains(message, html, StringComparison.Ordinal);
        }

        Assert.Null(Find($"weak-{lang}@example.ma"));
        Assert.Null(Find($"noregion-{lang}@example.ma"));
        Assert.Equal(existing.CreatedAt, Find(existing.Email)!.CreatedAt);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_until_enabled_again()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var user = portal.AddUser(Roles.Planner, "02");
        var page = $"/admin/users/{user.Id}";
        var disabled = await PortalFactory.PostForm(admin, page + "?handler=Disable", [], formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.True(Get(user.Id).Disabled);

        var refused = await PortalFactory.PostForm(portal.Anonymous(), "/account/login", new() { ["Email"] = user.Email, ["Password"] = PortalFactory.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("désactivé", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("désactivé", await admin.GetStringAsync("/admin/users"), StringComparison.Ordinal);

        var enabled = await PortalFactory.PostForm(admin, page + "?handler=Enable", [], formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        await portal.SignIn(user);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves_nor_drop_their_own_admin_role()
    {
        var self = portal.AddUser(Roles.Admin);
        var admin = await portal.SignIn(self);
        var page = $"/admin/users/{self.Id}";

        var disable = await PortalFactory.PostForm(admin, page + "?handler=Disable", [], formPage: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, disable.StatusCode);
        Assert.Contains("votre propre compte", await disable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var demote = await PortalFactory.PostForm(admin, page + "?handler=Profile", new() { ["name"] = "x", ["role"] = Roles.Planner, ["region"] = string.Empty }, formPage: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        Assert.Contains("votre propre rôle", await demote.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var after = Get(self.Id);
        Assert.False(after.Disabled);
        Assert.Equal((Roles.Admin, self.DisplayName), (after.Role, after.DisplayName));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_new_password_set_by_an_administrator_also_unlocks_the_account()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var user = portal.AddUser(Roles.Observatory, "05");
        var browser = portal.Anonymous();
        for (var i = 0; i < UserStore.MaxFailedLogins; i++)
        {
            await PortalFactory.PostForm(browser, "/account/login", new() { ["Email"] = user.Email, ["Password"] = "wrong-password-" + i });
        }

        Assert.NotNull(Get(user.Id).LockedUntil);
        Assert.Contains("bloqué", await admin.GetStringAsync("/admin/users"), StringComparison.Ordinal);

        var page = $"/admin/users/{user.Id}";
        var weak = await PortalFactory.PostForm(admin, page + "?handler=Password", new() { ["password"] = "short" }, formPage: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.Contains("doit compter au moins 10 caractères", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var set = await PortalFactory.PostForm(admin, page + "?handler=Password", new() { ["password"] = "a-fresh-password" }, formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var signIn = await PortalFactory.PostForm(browser, "/account/login", new() { ["Email"] = user.Email, ["Password"] = "a-fresh-password" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Role_and_region_change_by_the_same_rules_as_a_new_account()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var user = portal.AddUser(Roles.Observatory, "09");
        var page = $"/admin/users/{user.Id}";

        var noRegion = await PortalFactory.PostForm(admin, page + "?handler=Profile", new() { ["name"] = "Obs", ["role"] = Roles.Observatory, ["region"] = string.Empty }, formPage: page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRegion.StatusCode);
        Assert.Equal("09", Get(user.Id).RegionCode);

        var planner = await PortalFactory.PostForm(admin, page + "?handler=Profile", new() { ["name"] = "Planification Oriental", ["role"] = Roles.Planner, ["region"] = "02" }, formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, planner.StatusCode);
        Assert.Equal((Roles.Planner, "02", "Planification Oriental"), (Get(user.Id).Role, Get(user.Id).RegionCode, Get(user.Id).DisplayName));

        var toAdmin = await PortalFactory.PostForm(admin, page + "?handler=Profile", new() { ["name"] = "Chef", ["role"] = Roles.Admin, ["region"] = "02" }, formPage: page);
        Assert.Equal(HttpStatusCode.Redirect, toAdmin.StatusCode);
        Assert.Equal((Roles.Admin, (string?)null), (Get(user.Id).Role, Get(user.Id).RegionCode));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/999999")).StatusCode);
    }

    [Fact]
    public void The_last_enabled_administrator_keeps_the_admin_role()
    {
        // The store's own guard, below the page's rule about one's own account.
        using var c = portal.Database.Connect();
        var store = new UserStore(c);
        var last = portal.AddUser(Roles.Admin);
        foreach (var other in store.List().Where(u => u.IsAdmin && u.Id != last.Id && !u.Disabled))
        {
            store.SetDisabled(other.Id, true);
        }

        var e = Assert.Throws<AccountException>(() => store.ChangeRole(last.Id, Roles.Planner, null));
        Assert.Equal("last_admin", e.Code);
        Assert.Equal(Roles.Admin, store.Get(last.Id)!.Role);
        Assert.Equal("last_admin", Assert.Throws<AccountException>(() => store.SetDisabled(last.Id, true)).Code);
        Assert.False(store.Get(last.Id)!.Disabled);
    }
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class AdminUsersPostgresTests(PostgresPortal portal) : AdminUsersTests(portal), IClassFixture<PostgresPortal>;
