using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Account;

public sealed class LogoutModel(Database database) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>Signs out, and ends the account's other sessions too: a copy of the cookie is worth nothing afterwards.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.UserId() is { } id)
        {
            using var connection = database.Connect();
            new UserStore(connection).EndSessions(id);
        }

        await HttpContext.SignOutAsync(AuthSchemes.Cookie).ConfigureAwait(false);
        return Redirect("/account/login");
    }
}
