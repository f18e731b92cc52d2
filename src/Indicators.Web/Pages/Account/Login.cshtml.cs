using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Account;

/// <summary>Sign-in by e-mail and password; five failures in a row lock the account for 15 minutes.</summary>
public sealed class LoginModel(Database database, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Problem { get; private set; }

    /// <summary>A new installation: say how the first administrator is made.</summary>
    public bool NoAccounts { get; private set; }

    public void OnGet()
    {
        using var connection = database.Connect();
        NoAccounts = new UserStore(connection).Count() == 0;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        using var connection = database.Connect();
        var (outcome, user) = new UserStore(connection).SignIn(Email ?? string.Empty, Password ?? string.Empty);
        if (outcome != SignInOutcome.Succeeded || user is null)
        {
            logger.LogWarning("Sign-in refused for {Email}: {Outcome}", Email, outcome);
            Problem = outcome switch
            {
                SignInOutcome.LockedOut => "login.locked",
                SignInOutcome.Disabled => "login.disabled",
                _ => "login.failed",
            };
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        await HttpContext.SignInAsync(AuthSchemes.Cookie, PortalClaims.For(user, AuthSchemes.Cookie)).ConfigureAwait(false);
        if (Languages.Parse(user.Lang) is { } lang)
        {
            Languages.Remember(Response, lang);
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
