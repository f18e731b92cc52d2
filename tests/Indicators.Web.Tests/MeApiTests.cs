using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary><c>GET /api/me</c>: the token's account, for API tokens only.</summary>
public sealed class MeApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private string Token(UserAccount user)
    {
        using var c = portal.Database.Connect();
        return new UserStore(c).CreateToken(user.Id, "test").Secret;
    }

    private Task<HttpResponseMessage> Me(string? secret, HttpClient? client = null)
    {
        client ??= portal.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return client.SendAsync(request);
    }

    [Theory]
    [InlineData(Roles.Observatory, "05")]
    [InlineData(Roles.Planner, null)]
    [InlineData(Roles.Admin, null)]
    public async Task A_token_gives_its_account(string role, string? region)
    {
        var user = portal.AddUser(role, region);
        var response = await Me(Token(user));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(user.Id, root.GetProperty("id").GetInt64());
        Assert.Equal(user.Email, root.GetProperty("email").GetString());
        Assert.Equal(user.DisplayName, root.GetProperty("name").GetString());
        Assert.Equal(role, root.GetProperty("role").GetString());
        Assert.Equal(region, root.GetProperty("region").GetString());
        Assert.Equal(["id", "email", "name", "role", "region"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Without_a_live_token_the_answer_is_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me("ind_" + new string('0', 48))).StatusCode);

        // A signed-in browser is not a token.
        var cookie = await portal.SignIn(portal.AddUser(Roles.Admin));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(null, cookie)).StatusCode);

        // The token of a disabled account stops working.
        var user = portal.AddUser(Roles.Planner);
        var secret = Token(user);
        Assert.Equal(HttpStatusCode.OK, (await Me(secret)).StatusCode);
        using (var c = portal.Database.Connect())
        {
            new UserStore(c).SetDisabled(user.Id, true);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(secret)).StatusCode);
    }
}
