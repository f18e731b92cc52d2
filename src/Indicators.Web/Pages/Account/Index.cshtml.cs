using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Account;

/// <summary>
/// The signed-in account's own page: details, language, change of password (the current one
/// required), and API tokens for scripts (a new secret is shown once, on the page that creates it).
/// Signed in by cookie only: an API token cannot change the password or make more tokens.
/// </summary>
public sealed class IndexModel(Database database, CurrentUser me, PageText text, ILogger<IndexModel> logger) : PageModel
{
    public const int MaxTokenName = 100;

    /// <summary>What a successful post did, as shown after its redirect.</summary>
    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal) { "password", "revoked" };

    public UserAccount Account => me.Required;

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>Why the password was not changed, in the page language.</summary>
    public string? PasswordProblem { get; private set; }

    /// <summary>The token just created and its secret: shown on this response only.</summary>
    public (ApiToken Token, string Secret)? Created { get; private set; }

    /// <summary>The portal's address, for the curl example.</summary>
    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? confirm)
    {
        if (password != confirm)
        {
            PasswordProblem = text["account.password.mismatch"];
        }
        else
        {
            using var connection = database.Connect();
            try
            {
                var store = new UserStore(connection);
                store.ChangePassword(Account.Id, current ?? string.Empty, password ?? string.Empty);
                logger.LogInformation("Account {Id} changed its password", Account.Id);

                // The new password ended every session, this one included: sign this one in again.
                await HttpContext.SignInAsync(AuthSchemes.Cookie, PortalClaims.For(store.Get(Account.Id)!, AuthSchemes.Cookie)).ConfigureAwait(false);
                return Redirect("/account?done=password");
            }
            catch (AccountException e)
            {
                logger.LogWarning("Account {Id}: change of password refused ({Code})", Account.Id, e.Code);
                PasswordProblem = text.Of(e.Text);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Load();
        return Page();
    }

    public IActionResult OnPostToken(string? name)
    {
        name = name?.Trim();
        if (name is { Length: > MaxTokenName })
        {
            name = name[..MaxTokenName];
        }

        using (var connection = database.Connect())
        {
            Created = new UserStore(connection).CreateToken(Account.Id, name ?? string.Empty);
        }

        logger.LogInformation("Account {Id} created API token {Prefix}", Account.Id, Created.Value.Token.Prefix);
        Load();
        return Page();
    }

    public IActionResult OnPostRevoke(long token)
    {
        using var connection = database.Connect();
        var store = new UserStore(connection);
        // Only the account's own tokens: another account's token is not found here.
        if (!store.Tokens(Account.Id).Any(t => t.Id == token))
        {
            return NotFound();
        }

        store.RevokeToken(Account.Id, token);
        logger.LogInformation("Account {Id} revoked API token {Token}", Account.Id, token);
        return Redirect("/account?done=revoked");
    }

    private void Load()
    {
        using var connection = database.Connect();
        Tokens = new UserStore(connection).Tokens(Account.Id);
        if (Done is not null && !Outcomes.Contains(Done))
        {
            Done = null;
        }
    }
}
