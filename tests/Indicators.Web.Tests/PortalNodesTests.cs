using System.Net;
using System.Text.RegularExpressions;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>Several portal nodes on one PostgreSQL database: what one signs, the others accept.</summary>
public sealed partial class PortalNodesTests
{
    [Fact]
    public async Task A_sign_in_on_one_portal_node_is_valid_on_another_sharing_the_database()
    {
        var database = Indicators.Tests.PostgresServer.CreateDatabase();
        using var first = new Node(database);
        using var second = new Node(database);
        var user = first.AddUser(Roles.Planner);

        // Sign in on the first node, by hand, to carry the cookies over.
        var a = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await a.GetAsync("/account/login");
        var antiforgery = Cookies(page);
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var login = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = user.Email, ["Password"] = PortalFactory.Password, ["__RequestVerificationToken"] = token }),
        };
        login.Headers.Add("Cookie", antiforgery);
        var signedIn = await a.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // The second node reads the first node's sign-in cookie: the keys are in the database (not
        // in a folder of one machine).
        using (var c = first.Database.Connect())
        {
            Assert.True(Dapper.SqlMapper.ExecuteScalar<int>(c, "SELECT COUNT(*) FROM portal_keys") > 0);
        }

        var b = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Add("Cookie", Cookies(signedIn));
        var response = await b.SendAsync(home);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location!.OriginalString);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private sealed class Node(string database) : PortalFactory(database)
    {
        protected override bool RunJobs => false;
    }
}
