using System.Net.Http.Json;
using System.Security.Cryptography;
using Indicators.Accounts;
using Indicators.Geography;
using Indicators.Storage;

namespace Indicators.Cli.Commands;

/// <summary>
/// An account the load runs as: its API token, role and region; e-mail and password when the load
/// made it (a planner then also signs in with a cookie to download packs).
/// </summary>
internal sealed record LoadAccount(long? Id, string Token, string Role, string? Region, string? Email = null, string? Password = null)
{
    public bool CanUpload => Role is Roles.Admin or Roles.Observatory;

    public bool SeesEveryRegion => Role == Roles.Admin || (Role == Roles.Planner && Region is null);
}

/// <summary>The load's accounts: made in the portal's database, or read from given tokens through <c>/api/me</c>.</summary>
internal static class LoadAccounts
{
    /// <summary>
    /// An observatory per region and an all-region planner (and an administrator when
    /// <paramref name="withAdmin"/>), named after the run, with random passwords and an API token each.
    /// </summary>
    public static List<LoadAccount> Create(Database database, string tag, bool withAdmin)
    {
        using var connection = database.Connect();
        var users = new UserStore(connection);
        var made = new List<LoadAccount>();
        void Add(string role, string? region)
        {
            var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            var email = $"load-{tag}-{role}{(region is null ? string.Empty : "-" + region)}@example.ma";
            var user = users.Add(email, $"load {tag} {role} {region}".Trim(), role, region, password);
            var (_, secret) = users.CreateToken(user.Id, "load " + tag);
            made.Add(new LoadAccount(user.Id, secret, role, region, email, password));
        }

        if (withAdmin)
        {
            Add(Roles.Admin, null);
        }

        foreach (var region in Reference.Default.Regions)
        {
            Add(Roles.Observatory, region.Code);
        }

        Add(Roles.Planner, null);
        return made;
    }

    /// <summary>Ends what the load made in a portal it did not start: tokens revoked, accounts disabled (the last administrator stays).</summary>
    public static void Retire(Database database, IEnumerable<LoadAccount> accounts)
    {
        using var connection = database.Connect();
        var users = new UserStore(connection);
        foreach (var a in accounts.Where(a => a.Id is not null))
        {
            foreach (var t in users.Tokens(a.Id!.Value))
            {
                users.RevokeToken(a.Id.Value, t.Id);
            }

            try
            {
                users.SetDisabled(a.Id.Value, true);
            }
            catch (AccountException)
            {
                // The portal's only administrator: kept, without tokens, with a password nobody was told.
            }
        }
    }

    /// <summary>What each given token is, from <c>GET /api/me</c>.</summary>
    public static async Task<List<LoadAccount>> Describe(HttpClient http, IEnumerable<string> tokens)
    {
        var accounts = new List<LoadAccount>();
        foreach (var token in tokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new UsageException($"--token {token[..Math.Min(10, token.Length)]}…: /api/me answered {(int)response.StatusCode}");
            }

            var me = await response.Content.ReadFromJsonAsync<Me>().ConfigureAwait(false) ?? throw new UsageException("/api/me answered nothing");
            accounts.Add(new LoadAccount(null, token, me.Role, me.Region, me.Email));
        }

        return accounts;
    }

    private sealed record Me(long Id, string Email, string Name, string Role, string? Region);
}
